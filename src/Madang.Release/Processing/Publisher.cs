using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>Publication, the global hold and withdrawal: each change of public state commits with its search rows and audit.</summary>
public sealed class Publisher(MadangDbContext db, ISearchIndex search, AuditLog audit, TimeProvider clock, Core.Jobs.JobQueue jobs)
{
    public const string SearchType = "release.document";

    // Find: a unit of work that publishes many documents reads the hold once, and sees the same hold for all of them.
    public async Task<ReleaseControl> ControlAsync(CancellationToken ct) =>
        await db.Set<ReleaseControl>().FindAsync([ReleaseControl.SingletonId], ct)
        ?? db.Add(new ReleaseControl()).Entity;

    /// <summary>Readies a unit of work that may publish many documents: their search rows in one query, and the hold.</summary>
    public async Task PrepareAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await search.PrepareAsync(SearchType, ids.Select(id => id.ToString()).ToList(), ct);
        await ControlAsync(ct);
    }

    /// <summary>Publishes the document now, or leaves it waiting when the global hold is on. The caller saves.</summary>
    public async Task ReleaseOrWaitAsync(ReleaseDocument doc, CancellationToken ct)
    {
        if (doc.EmbargoUntil is { } until && until > clock.GetUtcNow())
        {
            doc.State = DocumentState.Waiting;
            doc.StateReason = $"Waiting: embargoed until {until:O}.";
            // Committed with this change, the job wakes the document at the embargo's end (it is harmless twice).
            jobs.Enqueue(EmbargoJob.Type, new Intake.ProcessPayload(doc.Id), runAfter: until);
            return;
        }

        var control = await ControlAsync(ct);
        if (control.Hold)
        {
            doc.State = DocumentState.Waiting;
            doc.StateReason = "Waiting: publication is on hold.";
            return;
        }

        doc.State = DocumentState.Published;
        doc.StateReason = doc.Disclosure == DisclosureClass.NonPublic ? "Published: metadata only (non-public)." : "Published.";
        doc.PublishedAt = clock.GetUtcNow();
        // A non-public document shows its metadata only: its text never reaches a public surface, search included.
        var body = doc.Disclosure == DisclosureClass.NonPublic ? string.Empty : doc.MaskedText ?? string.Empty;
        await search.UpsertAsync(new SearchDocument(SearchType, doc.Id.ToString(), doc.MaskedTitle ?? "—", body, "documents/" + doc.Id,
            doc.ApprovedAt, doc.OrganisationId, doc.Language), ct);
        audit.Record(Actor.System, "release.document.published", "release.document", doc.Id.ToString(), new { doc.Disclosure }, doc.OrganisationId);
    }

    public async Task SetHoldAsync(bool hold, string? reason, Actor actor, CancellationToken ct)
    {
        var control = await ControlAsync(ct);
        control.Hold = hold;
        control.HoldReason = hold ? reason : null;
        control.HoldSince = hold ? clock.GetUtcNow() : null;
        audit.Record(actor, hold ? "release.hold.on" : "release.hold.off", "release.control", "hold", new { reason });
        if (!hold)
        {
            // Lifting the hold releases what waited, oldest approval first.
            foreach (var doc in await db.Set<ReleaseDocument>().Where(d => d.State == DocumentState.Waiting).OrderBy(d => d.ApprovedAt).ToListAsync(ct))
            {
                await ReleaseOrWaitAsync(doc, ct);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes a published document from every public surface in one transaction, leaving a tombstone.</summary>
    public async Task<bool> WithdrawAsync(Guid id, string reason, Actor actor, CancellationToken ct)
    {
        var doc = await db.Set<ReleaseDocument>().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (doc is null || doc.State is not (DocumentState.Published or DocumentState.Waiting))
        {
            return false;
        }

        doc.State = DocumentState.Withdrawn;
        doc.WithdrawnAt = clock.GetUtcNow();
        doc.WithdrawalReason = reason;
        doc.StateReason = "Withdrawn.";
        await search.RemoveAsync(SearchType, doc.Id.ToString(), ct);
        audit.Record(actor, "release.document.withdrawn", "release.document", doc.Id.ToString(), new { reason }, doc.OrganisationId);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The mask a reviewer's own selection gets.</summary>
    public const string ManualMask = "■■■";

    /// <summary>A reviewer's decision: approve with every finding masked, or withhold with a ground.</summary>
    public Task<bool> DecideAsync(Guid id, bool approve, string? reason, Actor actor, CancellationToken ct) =>
        DecideAsync(id, approve, reason, rejected: [], extraMasks: [], actor, ct);

    /// <summary>A reviewer's decision on each finding: <paramref name="rejected"/> findings stay unmasked, every other one is
    /// masked, and each of <paramref name="extraMasks"/> is masked wherever it occurs in the text.</summary>
    public async Task<bool> DecideAsync(Guid id, bool approve, string? reason, IReadOnlyCollection<long> rejected, IReadOnlyCollection<string> extraMasks, Actor actor, CancellationToken ct)
    {
        var doc = await db.Set<ReleaseDocument>().Include(d => d.Findings).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (doc is null || doc.State != DocumentState.InReview)
        {
            return false;
        }

        foreach (var f in doc.Findings.Where(f => f.Decision is FindingDecision.Pending or FindingDecision.MaskedAutomatically))
        {
            f.Decision = rejected.Contains(f.Id) ? FindingDecision.Rejected : f.Decision == FindingDecision.Pending ? FindingDecision.Confirmed : f.Decision;
        }

        if (doc.ExtractedText is { } original)
        {
            var masks = doc.Findings.Where(f => f.Field == "text" && f.Decision != FindingDecision.Rejected)
                .Select(f => new Core.Privacy.PiiFinding(f.Type, f.Start, f.Length, f.Score, f.Certain, f.Reason, f.Mask)).ToList();
            foreach (var extra in extraMasks.Where(e => e.Trim().Length >= 2).Select(e => e.Trim()).Distinct())
            {
                for (var at = original.IndexOf(extra, StringComparison.Ordinal); at >= 0; at = original.IndexOf(extra, at + extra.Length, StringComparison.Ordinal))
                {
                    if (!masks.Any(m => at < m.End && m.Start < at + extra.Length))
                    {
                        masks.Add(new Core.Privacy.PiiFinding(Core.Privacy.PiiType.PersonName, at, extra.Length, 1, true, "masked by a reviewer", ManualMask));
                    }
                }
            }

            doc.MaskedText = Core.Privacy.PiiScreener.Apply(original, masks);
        }

        if (approve)
        {
            await ReleaseOrWaitAsync(doc, ct);
        }
        else
        {
            doc.State = DocumentState.Withheld;
            doc.StateReason = "Withheld: " + reason;
        }

        audit.Record(actor, approve ? "release.review.approved" : "release.review.withheld", "release.document", doc.Id.ToString(),
            new { reason, Rejected = rejected.Count, ManualMasks = extraMasks.Count }, doc.OrganisationId);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
