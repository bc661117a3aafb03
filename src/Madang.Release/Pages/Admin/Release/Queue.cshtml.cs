using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Release.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Admin.Release;

/// <summary>The review queue: documents waiting for a reviewer in their departments, the most sensitive and the oldest first.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "release.pipeline")]
public sealed class ReviewQueueModel(MadangDbContext db, TimeProvider clock) : MadangPage
{
    public const int PageSize = 100;

    /// <summary>One row of the queue.</summary>
    public sealed record Row(Guid Id, string? Title, string SourceId, string Language, Guid OrganisationId, DateTimeOffset ReceivedAt,
        int Sensitivity, int Findings, string? Reason, bool AwaitingSecond);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool AllDepartments { get; private set; }
    public bool NoDepartment { get; private set; }
    public DateTimeOffset Now { get; private set; }
    private Dictionary<Guid, string> codes = [];

    public string OrgCode(Guid id) => codes.GetValueOrDefault(id, "?");

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow();
        var q = db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.State == DocumentState.InReview);
        AllDepartments = User.IsInRole(Roles.Administrator);
        if (!AllDepartments)
        {
            // A reviewer reviews for their departments and those under them, as the permission's department scope says.
            var scope = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) && User.IsInRole(Roles.Reviewer)
                ? await OrganisationTree.ActingScopeAsync(db, userId)
                : [];
            NoDepartment = scope.Count == 0;
            q = q.Where(d => scope.Contains(d.OrganisationId));
        }

        Total = await q.CountAsync();
        var proposals = db.Set<ReleaseReviewProposal>();
        Rows = await q.OrderByDescending(d => d.Sensitivity).ThenBy(d => d.ReceivedAt).Take(PageSize)
            .Select(d => new Row(d.Id, d.MaskedTitle, d.SourceId, d.Language, d.OrganisationId, d.ReceivedAt, d.Sensitivity, d.Findings.Count,
                d.StateReason, proposals.Any(p => p.DocumentId == d.Id)))
            .ToListAsync();
        codes = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code);
        Response.Headers.CacheControl = "no-store";
    }
}
