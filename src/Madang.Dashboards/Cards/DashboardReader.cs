using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;

namespace Madang.Dashboards.Cards;

/// <summary>What the dashboard pages, downloads and the static export share: cards read and built, and their cache stamp.</summary>
public sealed class DashboardReader(RegionStore regions, CardSources sources, CardViews views, DashboardCache cache)
{
    public Task<StoredRegion?> RegionAsync(string slug, CancellationToken ct) =>
        cache.GetAsync(DashboardCache.RegionKey(slug), DashboardCache.Fresh, () => regions.FindAsync(slug, ct));

    public Task<IReadOnlyList<StoredRegion>> RegionsAsync(CancellationToken ct) => regions.AllAsync(ct);

    /// <summary>What the page is made of, for its ETag: the region's revision and every card's data version.</summary>
    public async Task<string> StampAsync(StoredRegion region, IEnumerable<CardDefinition> cards, CancellationToken ct)
    {
        var parts = new List<string> { region.Row.Slug, region.Row.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var source in cards.Select(c => c.Source).DistinctBy(s => (s.Dataset, s.Resource)))
        {
            parts.Add(await SourceStampAsync(source, ct));
        }

        return string.Join('|', parts);
    }

    private Task<string> SourceStampAsync(SourceReference source, CancellationToken ct) =>
        cache.GetAsync($"dashboards:source:{source.Dataset}/{source.Resource}", DashboardCache.Fresh, () => sources.StampAsync([source], ct));

    public async Task<CardView> CardAsync(StoredRegion region, CardDefinition card, string culture, CardMode mode, CancellationToken ct)
    {
        mode = card.Kind == CardKind.TimeSeries ? mode : CardMode.Daily;
        // Keyed by everything the card is drawn from: its region's revision (its definition and colours) and its data's version.
        var key = $"dashboards:card:{region.Row.Slug}:{region.Row.Revision}:{card.Slug}:{culture}:{mode}:{await SourceStampAsync(card.Source, ct)}";
        return await cache.GetAsync(key, null, async () =>
        {
            var (table, problem) = await sources.ReadAsync(card.Source, ct);
            return views.Build(card, region.File.Region, table, problem, culture, mode);
        });
    }

    public async Task<IReadOnlyList<CardView>> CardsAsync(StoredRegion region, DashboardDefinition dashboard, string culture, Func<CardDefinition, CardMode> mode, CancellationToken ct)
    {
        var list = new List<CardView>();
        foreach (var card in dashboard.Cards)
        {
            list.Add(await CardAsync(region, card, culture, mode(card), ct));
        }

        return list;
    }

    /// <summary>The view a request asks of a time series (<c>?{slug}=cumulative</c>), else the card's own default.</summary>
    public static CardMode Mode(CardDefinition card, string? asked) => asked switch
    {
        "cumulative" => CardMode.Cumulative,
        "daily" => CardMode.Daily,
        _ => card.Cumulative ? CardMode.Cumulative : CardMode.Daily,
    };
}
