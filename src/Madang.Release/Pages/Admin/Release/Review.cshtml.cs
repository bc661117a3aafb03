using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Release.Domain;
using Madang.Release.Policy;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Admin.Release;

/// <summary>Layer 2: a reviewer sees the text with findings highlighted, keeps or drops each mask, adds masks, and decides;
/// under the four-eyes rule a second reviewer confirms.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "release.pipeline")]
public sealed class ReviewModel(MadangDbContext db, Publisher publisher, ReleasePolicyStore policies, IAuthorizationService authorization) : MadangPage
{
    public ReleaseDocument Doc { get; private set; } = default!;

    /// <summary>The original text cut at findings: each piece with the finding it is, if any.</summary>
    public IReadOnlyList<(string Text, ReleaseFinding? Finding)> Segments { get; private set; } = [];

    public ReleaseReviewProposal? Proposal { get; private set; }
    public string? ProposerName { get; private set; }
    public bool OwnProposal { get; private set; }
    public ReleasePolicy Policy { get; private set; } = ReleasePolicy.Default;
    public IReadOnlySet<long> ProposedRejected { get; private set; } = new HashSet<long>();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().Include(d => d.Findings).SingleOrDefaultAsync(d => d.Id == id && d.State == DocumentState.InReview);
        if (doc is null)
        {
            return NotFound();
        }

        if (!await MayReviewAsync(doc.OrganisationId))
        {
            return Forbid();
        }

        Doc = doc;
        Policy = (await policies.CurrentAsync(HttpContext.RequestAborted)).Policy;
        Proposal = await db.Set<ReleaseReviewProposal>().AsNoTracking().SingleOrDefaultAsync(p => p.DocumentId == id);
        if (Proposal is not null)
        {
            ProposerName = await db.Users.Where(u => u.Id == Proposal.ProposedBy).Select(u => u.DisplayName).SingleOrDefaultAsync() ?? "—";
            OwnProposal = CurrentActor.UserId == Proposal.ProposedBy;
            ProposedRejected = Proposal.Rejected.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        }

        var text = doc.ExtractedText ?? string.Empty;
        var segments = new List<(string, ReleaseFinding?)>();
        var pos = 0;
        foreach (var f in doc.Findings.Where(f => f.Field == "text" && f.Start >= 0 && f.Start + f.Length <= text.Length).OrderBy(f => f.Start))
        {
            if (f.Start < pos)
            {
                continue;
            }

            segments.Add((text[pos..f.Start], null));
            segments.Add((text.Substring(f.Start, f.Length), f));
            pos = f.Start + f.Length;
        }

        segments.Add((text[pos..], null));
        Segments = segments;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string decision, List<long> masked, string? extra, int? ground)
    {
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().Include(d => d.Findings).SingleOrDefaultAsync(d => d.Id == id);
        if (doc is null)
        {
            return NotFound();
        }

        if (!await MayReviewAsync(doc.OrganisationId))
        {
            return Forbid();
        }

        ReviewOutcome outcome;
        if (decision == "confirm")
        {
            outcome = await publisher.ConfirmProposalAsync(id, CurrentActor, HttpContext.RequestAborted);
        }
        else
        {
            var rejected = doc.Findings.Select(f => f.Id).Except(masked).ToList();
            var extras = (extra ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var approve = decision == "approve";
            outcome = await publisher.DecideAsync(id, new ReviewDecision(approve, approve ? null : ground, rejected, extras), CurrentActor, HttpContext.RequestAborted);
        }

        switch (outcome)
        {
            case ReviewOutcome.NotFound:
                return NotFound();
            case ReviewOutcome.Invalid:
                return BadRequest();
            case ReviewOutcome.SameReviewer:
                Flash = L["release.fourEyes.same"];
                return Redirect(Href("admin/release/review/" + id));
            case ReviewOutcome.AwaitingSecondReviewer:
                Flash = L["release.fourEyes.proposed"];
                return Redirect(Href("admin/release/queue"));
            default:
                Flash = L["action.saved"];
                return Redirect(Href("admin/release/queue"));
        }
    }

    private async Task<bool> MayReviewAsync(Guid organisationId) =>
        (await authorization.AuthorizeAsync(User, new OrganisationScope(organisationId), ReleaseModule.Review.Policy)).Succeeded;
}
