using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;

namespace Madang.Dashboards.Cards;

/// <summary>What the dashboard pages, downloads and the static export share: cards read and built, and their cache stamp.</summary>
public sealed class DashboardReader(RegionStore regions, CardSources sources, CardViews views)
{
    public Task<StoredRegion?> RegionAsync(string slug, CancellationToken ct) => regions.FindAsync(slug, ct);

    public Task<IReadOnlyList<StoredRegion>> RegionsAsync(CancellationToken ct) => regions.AllAsync(ct);

    /// <summary>What the page is made of, for its ETag: the region's revision and every card's data version.</summary>
    public async Task<string> StampAsync(StoredRegion region, IEnumerable<CardDefinition> cards, CancellationToken ct) =>
        region.Row.Slug + ":" + region.Row.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + await sources.StampAsync(cards.Select(c => c.Source), ct);

    public async Task<CardView> CardAsync(StoredRegion region, CardDefinition card, string culture, CardMode mode, CancellationToken ct)
    {
        var (table, problem) = await sources.ReadAsync(card.Source, ct);
        return views.Build(card, region.File.Region, table, problem, culture, card.Kind == CardKind.TimeSeries ? mode : CardMode.Daily);
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
