using Madang.Core.Localization;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Dashboards.Definition;

namespace Madang.Dashboards.Cards;

/// <summary>The live rows of the catalogue resource a card reads, and what the page says about them.</summary>
/// <param name="Version">The datastore version the rows come from: it changes when the dataset does (part of ETags).</param>
/// <param name="UpdatedAt">When that version was published: the card's "last updated".</param>
public sealed record SourceTable(string DatasetName, LocalizedText DatasetTitle, IReadOnlyList<DatastoreField> Fields, IReadOnlyList<object?[]> Rows,
    string Version, DateTimeOffset UpdatedAt)
{
    public int Column(string? name) => name is null ? -1 : Fields.ToList().FindIndex(f => string.Equals(f.Id, name, StringComparison.Ordinal));
}

/// <summary>Why a card has nothing to draw: a localisation key and its argument (a dataset or column name).</summary>
public sealed record SourceProblem(string Key, string Argument);

/// <summary>
/// Reads cards' resources through the Data module's catalogue and datastore (public datasets only), once per resource
/// per request: several cards often read one resource.
/// </summary>
public sealed class CardSources(CatalogService catalog, IDatastore datastore)
{
    /// <summary>The most rows a card reads: a dashboard shows a city's statistics, not a whole datastore.</summary>
    public const int MaxRows = 50_000;

    private readonly Dictionary<(string, int), (SourceTable?, SourceProblem?)> read = [];
    private readonly Dictionary<(string, int), (Dataset?, DataResource?)> found = [];

    public async Task<(SourceTable? Table, SourceProblem? Problem)> ReadAsync(SourceReference source, CancellationToken ct)
    {
        var key = (source.Dataset, source.Resource);
        if (read.TryGetValue(key, out var done))
        {
            return done;
        }

        var (d, r) = await FindAsync(source, ct);
        (SourceTable?, SourceProblem?) result;
        if (d is null)
        {
            result = (null, new SourceProblem("dashboards.problem.dataset", source.Dataset));
        }
        else if (r is null || r.DatastoreState != DatastoreState.Active || r.DatastoreVersionId is not { } versionId)
        {
            result = (null, new SourceProblem(r is { DatastoreState: DatastoreState.Loading } ? "dashboards.problem.loading" : "dashboards.problem.resource", source.Dataset));
        }
        else
        {
            var rows = new List<object?[]>();
            IReadOnlyList<DatastoreField> fields = [];
            long? after = null;
            while (rows.Count < MaxRows)
            {
                var page = await datastore.SearchAsync(new DatastoreQuery
                {
                    ResourceId = r.Id,
                    Limit = Math.Min(DatastoreService.MaxLimit, MaxRows - rows.Count),
                    AfterId = after,
                    IncludeTotal = false,
                }, ct);
                fields = page.Fields;
                rows.AddRange(page.Rows);
                if (page.Rows.Count == 0 || page.LastId is null)
                {
                    break;
                }

                after = page.LastId;
            }

            // The datastore's own row id is not the publisher's data.
            var skip = fields.Count > 0 && fields[0].Id == "_id" ? 1 : 0;
            var updated = (await catalog.FindVersionAsync(versionId, ct))?.CreatedAt ?? r.ModifiedAt;
            result = (new SourceTable(d.Name, d.Title, fields.Skip(skip).ToList(), rows.Select(x => x[skip..]).ToList(), versionId.ToString("N"), updated), null);
        }

        read[key] = result;
        return result;
    }

    /// <summary>What changes when any of the resources changes, without reading their rows (for ETags).</summary>
    public async Task<string> StampAsync(IEnumerable<SourceReference> sources, CancellationToken ct)
    {
        var parts = new List<string>();
        foreach (var s in sources.DistinctBy(s => (s.Dataset, s.Resource)).OrderBy(s => s.Dataset, StringComparer.Ordinal).ThenBy(s => s.Resource))
        {
            var (d, r) = await FindAsync(s, ct);
            parts.Add($"{s.Dataset}/{s.Resource}:{d?.ModifiedAt.UtcTicks}:{r?.DatastoreVersionId}:{r?.DatastoreState}");
        }

        return string.Join('|', parts);
    }

    private async Task<(Dataset?, DataResource?)> FindAsync(SourceReference source, CancellationToken ct)
    {
        var key = (source.Dataset, source.Resource);
        if (!found.TryGetValue(key, out var hit))
        {
            var d = await catalog.FindAsync(source.Dataset, ct: ct);
            d = d is { IsPublic: true } && d.Name == source.Dataset ? d : null;
            var r = d?.Resources.OrderBy(x => x.Position).Skip(source.Resource - 1).FirstOrDefault();
            found[key] = hit = (d, r);
        }

        return hit;
    }
}
