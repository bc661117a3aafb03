using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Jobs;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Intake;

/// <summary>Receives a document: validates it, stores its files, and commits it with its processing job. Idempotent.</summary>
public sealed class IntakeService(MadangDbContext db, IFileStore files, JobQueue jobs, AuditLog audit, TimeProvider clock)
{
    public const long MaxFileBytes = 200L * 1024 * 1024;
    public const string ProcessJob = "release.process";

    public async Task<IntakeOutcome> ReceiveAsync(string sourceSystem, IntakeMetadata meta, IReadOnlyList<IntakeFile> incoming, Actor actor, CancellationToken ct)
    {
        var existing = await db.Set<ReleaseDocument>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.SourceSystem == sourceSystem && d.SourceId == meta.SourceId, ct);
        if (existing is not null)
        {
            return new IntakeOutcome(existing, false, []);
        }

        var errors = meta.Validate(out var approvedAt);
        var org = meta.Department is null ? null : await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == meta.Department, ct);
        if (meta.Department is not null && org is null)
        {
            errors.Add($"department '{meta.Department}' is not an organisation code");
        }

        if (incoming.Count == 0)
        {
            errors.Add("no file was sent");
        }

        if (errors.Count > 0)
        {
            return new IntakeOutcome(null, false, errors);
        }

        var doc = new ReleaseDocument
        {
            Id = Guid.NewGuid(),
            SourceSystem = sourceSystem,
            SourceId = meta.SourceId!.Trim(),
            Title = meta.Title!.Trim(),
            DocumentNumber = meta.DocumentNumber?.Trim(),
            OrganisationId = org!.Id,
            Author = meta.Author?.Trim(),
            Approver = meta.Approver?.Trim(),
            ApprovalLevel = meta.ApprovalLevel is null ? ApprovalLevel.TeamLead : IntakeMetadata.Levels[meta.ApprovalLevel],
            ApprovedAt = approvedAt.ToUniversalTime(),
            Type = meta.Type is null ? DocumentType.Other : IntakeMetadata.Types[meta.Type],
            Disclosure = meta.Disclosure is null ? DisclosureClass.Public : IntakeMetadata.Classes[meta.Disclosure],
            Exemptions = string.Join(',', (meta.Exemptions ?? []).Distinct().Order()),
            Keywords = string.Join(',', (meta.Keywords ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct()),
            Language = string.IsNullOrWhiteSpace(meta.Language) ? "ko" : meta.Language.Trim(),
            EmbargoUntil = string.IsNullOrWhiteSpace(meta.EmbargoUntil) ? null
                : DateTimeOffset.Parse(meta.EmbargoUntil, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            State = DocumentState.Received,
            ReceivedAt = clock.GetUtcNow(),
        };

        foreach (var f in incoming)
        {
            try
            {
                var stored = await files.PutAsync(f.Content, MaxFileBytes, ct);
                doc.Files.Add(new ReleaseFile { Id = Guid.NewGuid(), DocumentId = doc.Id, FileName = Path.GetFileName(f.FileName), Sha256 = stored.Sha256, Length = stored.Length });
            }
            catch (FileTooLargeException ex)
            {
                // Kept as a failed document, so staff see that it came and why it cannot be published.
                doc.State = DocumentState.Failed;
                doc.StateReason = Policy.StateReason.Join([new Policy.StateReason("toolarge", $"{Path.GetFileName(f.FileName)}:{ex.Limit / 1048576}")]);
            }
        }

        db.Add(doc);
        if (doc.State == DocumentState.Received)
        {
            jobs.Enqueue(ProcessJob, new ProcessPayload(doc.Id));
        }

        audit.Record(actor, "release.document.received", "release.document", doc.Id.ToString(), new { doc.SourceSystem, doc.SourceId, Files = doc.Files.Count }, doc.OrganisationId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same document arrived twice at once: the other request won; answer with its document.
            db.ChangeTracker.Clear();
            var winner = await db.Set<ReleaseDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.SourceSystem == sourceSystem && d.SourceId == doc.SourceId, ct);
            if (winner is null)
            {
                throw;
            }

            return new IntakeOutcome(winner, false, []);
        }

        return new IntakeOutcome(doc, true, []);
    }
}

/// <summary>The processing job's payload.</summary>
public sealed record ProcessPayload(Guid DocumentId);
