using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Pages.Admin.Data;

/// <summary>A publisher's datasets: those of their departments and the departments under them, in every state.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class DataAdminIndexModel(MadangDbContext db) : MadangPage
{
    public const int PageSize = 100;

    /// <summary>One dataset as the list shows it.</summary>
    public sealed record Row(Guid Id, string Name, LocalizedTitle Title, Guid OrganisationId, DatasetState State, DateTimeOffset ModifiedAt, int Resources);

    /// <summary>The title columns needed to show a title in the reader's language.</summary>
    public sealed record LocalizedTitle(string? Ko, string? Ja, string? En, string? ZhHans, string? ZhHant)
    {
        public string Get(string culture) => Core.Localization.LocalizedText.Of(Ko!, Ja!, En!, ZhHans!, ZhHant!).Get(culture);
    }

    [BindProperty(SupportsGet = true)] public DatasetState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool AllDepartments { get; private set; }
    private Dictionary<Guid, string> orgNames = [];

    public string OrgName(Guid id) => orgNames.GetValueOrDefault(id, "?");

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var scope = await PublisherScope.OfAsync(db, User, ct);
        if (scope.IsEmpty)
        {
            return Forbid();
        }

        AllDepartments = scope.All;
        var q = db.Set<Dataset>().AsNoTracking().Where(d => d.DeletedAt == null);
        if (!scope.All)
        {
            var orgs = scope.Organisations.ToList();
            q = q.Where(d => orgs.Contains(d.OrganisationId));
        }

        if (State is { } s)
        {
            q = q.Where(d => d.State == s);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var t = Q.Trim();
            q = q.Where(d => d.Name.Contains(t) || d.Title.Ko!.Contains(t) || d.Title.En!.Contains(t) || d.Title.Ja!.Contains(t)
                || d.Title.ZhHans!.Contains(t) || d.Title.ZhHant!.Contains(t));
        }

        Total = await q.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Math.Max(1, (Total + PageSize - 1) / PageSize));
        Rows = await q.OrderByDescending(d => d.ModifiedAt).ThenBy(d => d.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(d => new Row(d.Id, d.Name, new LocalizedTitle(d.Title.Ko, d.Title.Ja, d.Title.En, d.Title.ZhHans, d.Title.ZhHant),
                d.OrganisationId, d.State, d.ModifiedAt, d.Resources.Count(r => r.DeletedAt == null)))
            .ToListAsync(ct);
        orgNames = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name.Get(Culture), ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
