using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Search;
using System.Globalization;
using Madang.Release.Domain;
using Madang.Release.Policy;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>Publication, the global hold and withdrawal: each change of public state commits with its search rows and audit.</summary>
public sealed class Publisher(MadangDbContext db, ISearchIndex search, AuditLog audit, TimeProvider clock, Core.Jobs.JobQueue jobs, ReleasePolicyStore policies)
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

    /// <summary>Publishes the document now, or routes it as release policy says: embargoed, deferred by the roll-out,
    /// sent to review by a rule, or waiting under the global hold. The caller saves.</summary>
    public async Task ReleaseOrWaitAsync(ReleaseDocument doc, CancellationToken ct)
    {
        if (doc.EmbargoUntil is { } until && until > clock.GetUtcNow())
        {
            doc.State = DocumentState.Waiting;
            doc.StateReason = StateReason.Join([new StateReason("embargo", until.ToString("O", CultureInfo.InvariantCulture))]);
            // Committed with this change, the job wakes the document at the embargo's end (it is harmless twice).
            jobs.Enqueue(EmbargoJob.Type, new Intake.ProcessPayload(doc.Id), runAfter: until);
            return;
        }

        var (version, policy) = await policies.CurrentAsync(ct);
        var (action, rule) = policy.Decide(doc, await policies.DepartmentCodesAsync(doc.OrganisationId, ct));
        doc.PolicyVersion = version;
        if (action == RuleAction.Review && doc.ReviewedAt is null)
        {
            doc.State = DocumentState.InReview;
            doc.StateReason = StateReason.Join([new StateReason("rule", rule.ToString(CultureInfo.InvariantCulture))]);
            return;
        }

        if (action == RuleAction.Defer)
        {
            doc.State = DocumentState.Waiting;
            doc.StateReason = StateReason.Join([new StateReason(RolloutReason, rule.ToString(CultureInfo.InvariantCulture))]);
            return;
        }

        var control = await ControlAsync(ct);
        if (control.Hold)
        {
            doc.State = DocumentState.Waiting;
            doc.StateReason = StateReason.Join([new StateReason("hold")]);
            return;
        }

        doc.State = DocumentState.Published;
        doc.StateReason = StateReason.Join([new StateReason(doc.Disclosure == DisclosureClass.NonPublic ? "metadataonly" : "published")]);
        doc.PublishedAt = clock.GetUtcNow();
        // The findings are final now (after any review): what may be downloaded, and the keywords, follow from them.
        // Not loaded when the hold is lifted or an embargo ends; loaded (and maybe changed, unsaved) when processing publishes.
        if (!db.Entry(doc).Collection(d => d.Files).IsLoaded)
        {
            await db.Entry(doc).Collection(d => d.Files).LoadAsync(ct);
        }

        if (!db.Entry(doc).Collection(d => d.Findings).IsLoaded)
        {
            await db.Entry(doc).Collection(d => d.Findings).LoadAsync(ct);
        }

        Attachments.Prepare(doc);
        var keywords = await Keywords.IndexAsync(db, doc, ct);
        await search.UpsertAsync(DocumentSearch.Build(doc, keywords)!, ct);
        audit.Record(Actor.System, "release.document.published", "release.document", doc.Id.ToString(), new { doc.Disclosure, Policy = version }, doc.OrganisationId);
    }

    /// <summary>The reason code of a document the staged roll-out has not reached yet.</summary>
    public const string RolloutReason = "rollout";

    /// <summary>Saves a new policy version and, in the same transaction, lets every document the roll-out held back
    /// go where the new rules send it (released, reviewed or still deferred), oldest approval first.</summary>
    public async Task<int> SavePolicyAsync(ReleasePolicy policy, string note, Actor actor, CancellationToken ct)
    {
        var version = await policies.SaveAsync(policy, note, actor, ct);
        var deferred = await db.Set<ReleaseDocument>()
            .Where(d => d.State == DocumentState.Waiting && d.StateReason != null && d.StateReason.StartsWith(RolloutReason))
            .OrderBy(d => d.ApprovedAt).ToListAsync(ct);
        foreach (var doc in deferred)
        {
            await ReleaseOrWaitAsync(doc, ct);
        }

        await db.SaveChangesAsync(ct);
        return version;
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
        doc.StateReason = StateReason.Join([new StateReason("withdrawn")]);
        await search.RemoveAsync(SearchType, doc.Id.ToString(), ct);
        await Keywords.RemoveAsync(db, doc.Id, ct);
        audit.Record(actor, "release.document.withdrawn", "release.document", doc.Id.ToString(), new { reason }, doc.OrganisationId);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The mask a reviewer's own selection gets.</summary>
    public const string ManualMask = "■■■";

    /// <summary>The original of one field with every finding not rejected masked, and each hand-made mask wherever it occurs
    /// (kept as a confirmed finding: what was masked decides whether originals may go out, and each file's rendition).</summary>
    private static string Remask(ReleaseDocument doc, string original, string field, IReadOnlyList<string> extras)
    {
        var masks = doc.Findings.Where(f => f.Field == field && f.Decision != FindingDecision.Rejected && f.Start >= 0 && f.Start + f.Length <= original.Length)
            .Select(f => new Core.Privacy.PiiFinding(f.Type, f.Start, f.Length, f.Score, f.Certain, f.Reason, f.Mask)).ToList();
        foreach (var extra in extras)
        {
            for (var at = original.IndexOf(extra, StringComparison.Ordinal); at >= 0; at = original.IndexOf(extra, at + extra.Length, StringComparison.Ordinal))
            {
                if (!masks.Any(m => at < m.End && m.Start < at + extra.Length))
                {
                    masks.Add(new Core.Privacy.PiiFinding(Core.Privacy.PiiType.PersonName, at, extra.Length, 1, true, "masked by a reviewer", ManualMask));
                    doc.Findings.Add(new ReleaseFinding
                    {
                        DocumentId = doc.Id, Type = Core.Privacy.PiiType.PersonName, Field = field, Start = at, Length = extra.Length, Score = 1,
                        Certain = true, Reason = "masked by a reviewer", Mask = ManualMask, Decision = FindingDecision.Confirmed,
                    });
                }
            }
        }

        return Core.Privacy.PiiScreener.Apply(original, masks);
    }

    /// <summary>A reviewer's decision: approve with every finding masked, or withhold with a ground (1–8).</summary>
    public Task<ReviewOutcome> DecideAsync(Guid id, bool approve, int? ground, Actor actor, CancellationToken ct) =>
        DecideAsync(id, new ReviewDecision(approve, ground, [], []), actor, ct);

    /// <summary>A reviewer's decision on each finding: rejected findings stay unmasked, every other one is masked, and each
    /// extra mask is masked wherever it occurs in the text. Under the four-eyes rule a withholding, or the unmasking of a
    /// finding the screener was certain of, waits as a proposal until a second reviewer confirms it.</summary>
    public async Task<ReviewOutcome> DecideAsync(Guid id, ReviewDecision decision, Actor actor, CancellationToken ct)
    {
        var doc = await db.Set<ReleaseDocument>().Include(d => d.Findings).Include(d => d.Files).AsSplitQuery().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (doc is null || doc.State != DocumentState.InReview)
        {
            return ReviewOutcome.NotFound;
        }

        if (!decision.Approve && decision.Ground is not (>= 1 and <= 8))
        {
            return ReviewOutcome.Invalid;
        }

        var (_, policy) = await policies.CurrentAsync(ct);
        var overrides = doc.Findings.Any(f => f.Certain && decision.Rejected.Contains(f.Id));
        var proposal = await db.Set<ReleaseReviewProposal>().SingleOrDefaultAsync(p => p.DocumentId == id, ct);
        if ((!decision.Approve && policy.FourEyesWithhold) || (overrides && policy.FourEyesOverride))
        {
            if (actor.UserId is not { } proposer)
            {
                return ReviewOutcome.Invalid;
            }

            proposal ??= db.Add(new ReleaseReviewProposal { DocumentId = id }).Entity;
            proposal.ProposedBy = proposer;
            proposal.ProposedAt = clock.GetUtcNow();
            proposal.Approve = decision.Approve;
            proposal.Ground = decision.Approve ? null : decision.Ground;
            proposal.Rejected = string.Join(',', decision.Rejected);
            proposal.ExtraMasks = string.Join('\n', decision.ExtraMasks);
            var reasons = StateReason.Parse(doc.StateReason).Where(r => r.Code != SecondReviewerReason).Append(new StateReason(SecondReviewerReason));
            doc.StateReason = StateReason.Join(reasons);
            audit.Record(actor, "release.review.proposed", "release.document", doc.Id.ToString(),
                new { decision.Approve, decision.Ground, Rejected = decision.Rejected.Count, ManualMasks = decision.ExtraMasks.Count }, doc.OrganisationId);
            await db.SaveChangesAsync(ct);
            return ReviewOutcome.AwaitingSecondReviewer;
        }

        if (proposal is not null)
        {
            db.Remove(proposal); // a decision that needs no second person replaces any proposal
        }

        await ApplyAsync(doc, decision, actor, confirmedBy: null, ct);
        return ReviewOutcome.Decided;
    }

    /// <summary>A second reviewer agrees with the waiting proposal, which then takes effect. The proposer cannot confirm their own.</summary>
    public async Task<ReviewOutcome> ConfirmProposalAsync(Guid id, Actor actor, CancellationToken ct)
    {
        var doc = await db.Set<ReleaseDocument>().Include(d => d.Findings).Include(d => d.Files).AsSplitQuery().SingleOrDefaultAsync(d => d.Id == id, ct);
        var proposal = await db.Set<ReleaseReviewProposal>().SingleOrDefaultAsync(p => p.DocumentId == id, ct);
        if (doc is null || doc.State != DocumentState.InReview || proposal is null)
        {
            return ReviewOutcome.NotFound;
        }

        if (actor.UserId is not { } second || second == proposal.ProposedBy)
        {
            return ReviewOutcome.SameReviewer;
        }

        var rejected = proposal.Rejected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToList();
        var extras = proposal.ExtraMasks.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        db.Remove(proposal);
        await ApplyAsync(doc, new ReviewDecision(proposal.Approve, proposal.Ground, rejected, extras), actor, proposal.ProposedBy, ct);
        return ReviewOutcome.Decided;
    }

    /// <summary>The reason code of a document whose proposal waits for a second reviewer.</summary>
    public const string SecondReviewerReason = "second";

    private async Task ApplyAsync(ReleaseDocument doc, ReviewDecision decision, Actor actor, Guid? confirmedBy, CancellationToken ct)
    {
        foreach (var f in doc.Findings.Where(f => f.Decision is FindingDecision.Pending or FindingDecision.MaskedAutomatically))
        {
            f.Decision = decision.Rejected.Contains(f.Id) ? FindingDecision.Rejected : f.Decision == FindingDecision.Pending ? FindingDecision.Confirmed : f.Decision;
        }

        // A reviewer's decisions and hand-made masks reach every public field: text, title, keywords and file names.
        var extras = decision.ExtraMasks.Where(e => e.Trim().Length >= 2).Select(e => e.Trim()).Distinct().ToList();
        if (doc.ExtractedText is { } original)
        {
            doc.MaskedText = Remask(doc, original, "text", extras);
        }

        doc.MaskedTitle = Remask(doc, doc.Title, "title", extras);
        if (extras.Count > 0)
        {
            // Keywords and file names are stored masked already (their originals are not kept apart): a hand mask is applied on top.
            doc.Keywords = string.Join(',', doc.Keywords.Split(',').Select(k => extras.Aggregate(k, (acc, e) => acc.Replace(e, ManualMask, StringComparison.Ordinal))));
            // A public name that differs from the file's name keeps its original back (Attachments.Prepare).
            foreach (var file in doc.Files.Where(f => f.PublicName is not null))
            {
                file.PublicName = extras.Aggregate(file.PublicName!, (acc, e) => acc.Replace(e, ManualMask, StringComparison.Ordinal));
            }
        }

        doc.Sensitivity = ReleasePolicy.Sensitivity(doc.Findings);
        if (decision.Approve)
        {
            doc.ReviewedAt = clock.GetUtcNow();
            await ReleaseOrWaitAsync(doc, ct);
        }
        else
        {
            doc.State = DocumentState.Withheld;
            doc.StateReason = StateReason.Join([new StateReason("withheld", decision.Ground?.ToString(CultureInfo.InvariantCulture))]);
        }

        audit.Record(actor, decision.Approve ? "release.review.approved" : "release.review.withheld", "release.document", doc.Id.ToString(),
            new { decision.Ground, Rejected = decision.Rejected.Count, ManualMasks = decision.ExtraMasks.Count, ConfirmedProposalOf = confirmedBy }, doc.OrganisationId);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>What a reviewer decided: approve or withhold (with a ground), findings to unmask, text to mask by hand.</summary>
public sealed record ReviewDecision(bool Approve, int? Ground, IReadOnlyCollection<long> Rejected, IReadOnlyCollection<string> ExtraMasks);

/// <summary>How a review decision ended.</summary>
public enum ReviewOutcome
{
    Decided,
    AwaitingSecondReviewer,
    SameReviewer,
    NotFound,
    Invalid,
}
