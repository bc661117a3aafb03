using Madang.Core.Data;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>Release figures per department: produced, released, partly released, withheld, rate, time to publish, backlog.</summary>
public sealed class ReleaseInsights(MadangDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<ReleaseOptions> options)
{
    /// <summary>One department's figures over the period.</summary>
    public sealed record Row(Guid OrganisationId, string Code, int Produced, int Released, int PartlyReleased, int Withheld, int Backlog,
        double? MedianHoursToPublish, double? OldestBacklogDays)
    {
        /// <summary>Released (fully or partly) over produced; null when nothing was produced.</summary>
        public double? Rate => Produced == 0 ? null : (double)(Released + PartlyReleased) / Produced;

        public bool Flagged { get; init; }
    }

    /// <summary>Figures for documents approved in the last <paramref name="months"/> months.</summary>
    public Task<IReadOnlyList<Row>> ByDepartmentAsync(int months = 12, CancellationToken ct = default) =>
        ByDepartmentAsync(clock.GetUtcNow().AddMonths(-months), null, ct);

    /// <summary>Figures for documents approved in [<paramref name="from"/>, <paramref name="to"/>). A department is flagged when its
    /// rate is more than the configured margin below the median of all departments.</summary>
    public async Task<IReadOnlyList<Row>> ByDepartmentAsync(DateTimeOffset from, DateTimeOffset? to, CancellationToken ct = default)
    {
        var flagMargin = options.Value.LowRateMargin;
        var now = clock.GetUtcNow();
        // Read the few columns needed and aggregate here: month and median functions differ between the providers.
        var q = db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.ApprovedAt >= from);
        if (to is { } end)
        {
            q = q.Where(d => d.ApprovedAt < end);
        }

        var docs = await q.Select(d => new Fact(d.OrganisationId, d.State, d.Disclosure, d.ApprovedAt, d.PublishedAt, d.ReceivedAt)).ToListAsync(ct);
        var codes = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var rows = docs.GroupBy(d => d.OrganisationId).Select(g =>
        {
            var t = Tally.Of(g.ToList());
            var backlog = g.Where(d => d.State == DocumentState.InReview).ToList();
            return new Row(g.Key, codes.GetValueOrDefault(g.Key, "?"), t.Produced, t.Released, t.PartlyReleased, t.Withheld, backlog.Count,
                t.MedianHoursToPublish, backlog.Count == 0 ? null : backlog.Max(d => (now - d.ReceivedAt).TotalDays));
        }).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();

        var rates = rows.Where(r => r.Rate is not null).Select(r => r.Rate!.Value).Order().ToList();
        if (rates.Count == 0)
        {
            return rows;
        }

        var median = rates[rates.Count / 2];
        return rows.Select(r => r with { Flagged = r.Rate is { } rate && rate < median - flagMargin }).ToList();
    }

    /// <summary>One month's figures (city-wide or for one department and those under it).</summary>
    public sealed record MonthRow(DateOnly Month, int Produced, int Released, int PartlyReleased, int Withheld, double? MedianHoursToPublish)
    {
        public double? Rate => Produced == 0 ? null : (double)(Released + PartlyReleased) / Produced;
    }

    /// <summary>The last <paramref name="months"/> calendar months (UTC), newest first, for <paramref name="organisations"/> (null: all).</summary>
    public async Task<IReadOnlyList<MonthRow>> ByMonthAsync(IReadOnlyCollection<Guid>? organisations, int months = 12, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var first = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1 - months);
        var q = db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.ApprovedAt >= first);
        if (organisations is not null)
        {
            q = q.Where(d => organisations.Contains(d.OrganisationId));
        }

        var docs = await q.Select(d => new Fact(d.OrganisationId, d.State, d.Disclosure, d.ApprovedAt, d.PublishedAt, d.ReceivedAt)).ToListAsync(ct);
        var byMonth = docs.ToLookup(d => new DateOnly(d.ApprovedAt.UtcDateTime.Year, d.ApprovedAt.UtcDateTime.Month, 1));
        return Enumerable.Range(0, months).Select(i => DateOnly.FromDateTime(first.AddMonths(months - 1 - i).UtcDateTime)).Select(m =>
        {
            var t = Tally.Of(byMonth[m].ToList());
            return new MonthRow(m, t.Produced, t.Released, t.PartlyReleased, t.Withheld, t.MedianHoursToPublish);
        }).ToList();
    }

    /// <summary>The columns the figures are made of.</summary>
    private sealed record Fact(Guid OrganisationId, DocumentState State, DisclosureClass Disclosure, DateTimeOffset ApprovedAt,
        DateTimeOffset? PublishedAt, DateTimeOffset ReceivedAt);

    /// <summary>Produced, released, partly released, withheld and median time to publish over a set of documents.</summary>
    private sealed record Tally(int Produced, int Released, int PartlyReleased, int Withheld, double? MedianHoursToPublish)
    {
        public static Tally Of(IReadOnlyList<Fact> docs)
        {
            var published = docs.Where(d => d.State is DocumentState.Published or DocumentState.Withdrawn && d.PublishedAt is not null).ToList();
            var hours = published.Select(d => (d.PublishedAt!.Value - d.ApprovedAt).TotalHours).Order().ToList();
            return new Tally(docs.Count, published.Count(d => d.Disclosure == DisclosureClass.Public), published.Count(d => d.Disclosure == DisclosureClass.Partial),
                // A non-public document publishes its metadata only: for the release rate it counts as withheld.
                docs.Count(d => d.State == DocumentState.Withheld) + published.Count(d => d.Disclosure == DisclosureClass.NonPublic),
                hours.Count == 0 ? null : hours[hours.Count / 2]);
        }
    }
}

/// <summary>Release settings from <c>Madang:Release</c>.</summary>
public sealed class ReleaseOptions
{
    /// <summary>How far (0–1) below the median release rate a department must fall to be flagged.</summary>
    public double LowRateMargin { get; set; } = 0.2;
}
