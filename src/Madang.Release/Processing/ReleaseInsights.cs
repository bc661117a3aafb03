using Madang.Core.Data;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>Release figures per department: produced, released, partly released, withheld, rate, time to publish, backlog.</summary>
public sealed class ReleaseInsights(MadangDbContext db, TimeProvider clock)
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
    /// <param name="flagMargin">A department is flagged when its rate is this far (0–1) below the median of all departments.</param>
    public async Task<IReadOnlyList<Row>> ByDepartmentAsync(int months = 12, double flagMargin = 0.2, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().AddMonths(-months);
        var now = clock.GetUtcNow();
        // Read the few columns needed and aggregate here: month and median functions differ between the providers.
        var docs = await db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.ApprovedAt >= since)
            .Select(d => new { d.OrganisationId, d.State, d.Disclosure, d.ApprovedAt, d.PublishedAt, d.ReceivedAt }).ToListAsync(ct);
        var codes = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var rows = docs.GroupBy(d => d.OrganisationId).Select(g =>
        {
            var published = g.Where(d => d.State is DocumentState.Published or DocumentState.Withdrawn && d.PublishedAt is not null).ToList();
            var hours = published.Select(d => (d.PublishedAt!.Value - d.ApprovedAt).TotalHours).Order().ToList();
            var backlog = g.Where(d => d.State == DocumentState.InReview).ToList();
            return new Row(g.Key, codes.GetValueOrDefault(g.Key, "?"), g.Count(),
                // A non-public document publishes its metadata only: for the release rate it counts as withheld.
                published.Count(d => d.Disclosure == DisclosureClass.Public), published.Count(d => d.Disclosure == DisclosureClass.Partial),
                g.Count(d => d.State == DocumentState.Withheld) + published.Count(d => d.Disclosure == DisclosureClass.NonPublic), backlog.Count,
                hours.Count == 0 ? null : hours[hours.Count / 2],
                backlog.Count == 0 ? null : backlog.Max(d => (now - d.ReceivedAt).TotalDays));
        }).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();

        var rates = rows.Where(r => r.Rate is not null).Select(r => r.Rate!.Value).Order().ToList();
        if (rates.Count == 0)
        {
            return rows;
        }

        var median = rates[rates.Count / 2];
        return rows.Select(r => r with { Flagged = r.Rate is { } rate && rate < median - flagMargin }).ToList();
    }
}
