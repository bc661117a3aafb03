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

    public async Task<IntakeOutcome> ReceiveAsync(string sourceSystem, IntakeMetadata meta, IReadOnlyList<IntakeFile> incoming, Actor actor, CancellationToken ct) =>
        (await ReceiveManyAsync(sourceSystem, [new IntakeItem(meta, incoming)], actor, ct))[0];

    /// <summary>Receives several documents in one transaction (one lookup of what is in, one commit), each with its job;
    /// an outcome per item, in order. An item already in, or repeated within the batch, is answered with the existing document.</summary>
    public async Task<IReadOnlyList<IntakeOutcome>> ReceiveManyAsync(string sourceSystem, IReadOnlyList<IntakeItem> items, Actor actor, CancellationToken ct)
    {
        var sourceIds = items.Select(i => i.Metadata.SourceId?.Trim()).OfType<string>().Distinct().ToList();
        var existing = await db.Set<ReleaseDocument>().AsNoTracking()
            .Where(d => d.SourceSystem == sourceSystem && sourceIds.Contains(d.SourceId)).ToDictionaryAsync(d => d.SourceId, ct);
        var codes = items.Select(i => i.Metadata.Department).OfType<string>().Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Id, ct);

        var outcomes = new IntakeOutcome[items.Count];
        var created = new List<ReleaseDocument>();
        for (var i = 0; i < items.Count; i++)
        {
            var (meta, incoming) = (items[i].Metadata, items[i].Files);
            if (meta.SourceId?.Trim() is { } sid && existing.TryGetValue(sid, out var found))
            {
                outcomes[i] = new IntakeOutcome(found, false, []);
                continue;
            }

            var errors = meta.Validate(out var approvedAt);
            Guid? orgId = meta.Department is not null && orgs.TryGetValue(meta.Department, out var o) ? o : null;
            if (meta.Department is not null && orgId is null)
            {
                errors.Add($"department '{meta.Department}' is not an organisation code");
            }

            if (incoming.Count == 0)
            {
                errors.Add("no file was sent");
            }

            if (errors.Count > 0)
            {
                outcomes[i] = new IntakeOutcome(null, false, errors);
                continue;
            }

            var doc = await BuildAsync(sourceSystem, meta, orgId!.Value, approvedAt, incoming, ct);
            existing[doc.SourceId] = doc;
            created.Add(doc);
            outcomes[i] = new IntakeOutcome(doc, true, []);
        }

        if (created.Count == 0)
        {
            return outcomes;
        }

        created.ForEach(d => Stage(d, actor));
        try
        {
            await db.SaveChangesAsync(ct);
            return outcomes;
        }
        catch (DbUpdateException)
        {
            // Some document arrived twice at once (another request or import won it): nothing of the batch was saved.
            // Commit the batch's documents one by one, so only the duplicates give way to the winner.
            db.ChangeTracker.Clear();
        }

        var winners = new Dictionary<Guid, ReleaseDocument>();
        foreach (var doc in created)
        {
            Stage(doc, actor);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                winners[doc.Id] = await db.Set<ReleaseDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.SourceSystem == sourceSystem && d.SourceId == doc.SourceId, ct)
                    ?? throw new InvalidOperationException("A document could not be saved, and no other copy of it is in.");
            }
        }

        return outcomes.Select(x => x.Document is { } d && winners.TryGetValue(d.Id, out var w) ? new IntakeOutcome(w, false, []) : x).ToList();
    }

    /// <summary>Adds the document, its job and its audit entry to the unit of work.</summary>
    private void Stage(ReleaseDocument doc, Actor actor)
    {
        db.Add(doc);
        if (doc.State == DocumentState.Received)
        {
            jobs.Enqueue(ProcessJob, new ProcessPayload(doc.Id));
        }

        audit.Record(actor, "release.document.received", "release.document", doc.Id.ToString(), new { doc.SourceSystem, doc.SourceId, Files = doc.Files.Count }, doc.OrganisationId);
    }

    private async Task<ReleaseDocument> BuildAsync(string sourceSystem, IntakeMetadata meta, Guid orgId, DateTimeOffset approvedAt, IReadOnlyList<IntakeFile> incoming, CancellationToken ct)
    {
        var doc = new ReleaseDocument
        {
            Id = Guid.NewGuid(),
            SourceSystem = sourceSystem,
            SourceId = meta.SourceId!.Trim(),
            Title = meta.Title!.Trim(),
            DocumentNumber = meta.DocumentNumber?.Trim(),
            OrganisationId = orgId,
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

        return doc;
    }
}

/// <summary>One document of a batch: its metadata and files.</summary>
public sealed record IntakeItem(IntakeMetadata Metadata, IReadOnlyList<IntakeFile> Files);

/// <summary>The processing job's payload.</summary>
public sealed record ProcessPayload(Guid DocumentId);
