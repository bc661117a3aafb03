using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Web;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Documents;

/// <summary>The public transparency page: each department's release figures for a month or the last twelve, and month by month.</summary>
public sealed class TransparencyModel(ReleaseInsights insights, MadangDbContext db, TimeProvider clock) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dept { get; set; }

    public InsightsView View { get; private set; } = default!;

    public async Task OnGetAsync()
    {
        View = await InsightsView.LoadAsync(insights, db, clock, Culture, Month, Dept, showBacklog: false, HttpContext.RequestAborted);
        Response.Headers.CacheControl = "public, max-age=300";
    }
}

/// <summary>What the insights table shows.</summary>
public sealed record InsightsTable(IReadOnlyList<ReleaseInsights.Row> Rows, IReadOnlyDictionary<string, string> Names, bool ShowBacklog);

/// <summary>The insights pages' content: a period chosen by month, figures per department, and one department (or all) month by month.</summary>
public sealed record InsightsView(InsightsTable Table, IReadOnlyList<ReleaseInsights.MonthRow> Months, IReadOnlyList<DateOnly> MonthChoices,
    IReadOnlyList<(string Code, string Name)> Departments, string? Month, string? Dept)
{
    public static async Task<InsightsView> LoadAsync(ReleaseInsights insights, MadangDbContext db, TimeProvider clock, string culture, string? month, string? dept,
        bool showBacklog, CancellationToken ct)
    {
        var orgs = await db.Organisations.AsNoTracking().ToListAsync(ct);
        var names = orgs.ToDictionary(o => o.Code, o => o.Name.Get(culture));
        var now = clock.GetUtcNow();
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var choices = Enumerable.Range(0, 12).Select(i => thisMonth.AddMonths(-i)).ToList();
        IReadOnlyList<ReleaseInsights.Row> rows;
        if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
        {
            var from = new DateTimeOffset(m.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = await insights.ByDepartmentAsync(from, from.AddMonths(1), ct);
        }
        else
        {
            month = null;
            rows = await insights.ByDepartmentAsync(ct: ct);
        }

        var org = orgs.FirstOrDefault(o => string.Equals(o.Code, dept, StringComparison.OrdinalIgnoreCase));
        var scope = org is null ? null : await OrganisationTree.DescendantsAndSelfAsync(db, org.Id, ct);
        var months = await insights.ByMonthAsync(scope, 12, ct);
        var departments = OrganisationTree.Choices(orgs, culture);
        return new InsightsView(new InsightsTable(rows, names, showBacklog), months, choices, departments, month, org?.Code);
    }
}
