using System.Data.Common;
using System.Globalization;
using System.Text;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Madang.Data.Catalog;

/// <summary>
/// What the index holds of a public dataset: the one builder for the catalogue's writes, a new version going live, and
/// <c>search reindex</c>. The body carries text from the live datastore tables, so that a value in the data finds its dataset.
/// </summary>
public sealed class DatasetSearchSource(MadangDbContext db) : ISearchSource
{
    /// <summary>Characters of datastore text a dataset's entry carries at most: enough for the categories and names in a
    /// table (districts, facility names), small enough that a million-row table costs its entry no more than a long document.</summary>
    public const int MaxDataChars = 16 * 1024;

    /// <summary>Rows read from the start of each table: distinct values repeat, so the first rows hold most of them, and a
    /// bounded read keeps reindexing a catalogue of big tables fast.</summary>
    public const int MaxDataRows = 2_000;

    /// <summary>What a dataset's entry has when none of its resources names a format.</summary>
    public const string DefaultKind = "dataset";

    public string Type => CatalogService.SearchType;

    // Not 資料 alone: it means data in Traditional Chinese but documents (materials) in Japanese.
    public IReadOnlyList<string> Aliases { get; } =
    [
        "dataset", "datasets", "data", "opendata",
        "데이터", "데이터셋", "공공데이터", "データ", "データセット", "オープンデータ", "数据", "数据集", "資料集", "數據", "數據集",
    ];

    /// <summary>
    /// The kind facet: the format most of the dataset's resources have (ties: the first resource's), so that people can narrow
    /// to the CSV or the XLSX datasets; the type facet already says "dataset", a constant kind would add nothing.
    /// </summary>
    public static string KindOf(IEnumerable<DataResource> resources) =>
        resources.Where(r => !string.IsNullOrWhiteSpace(r.Format))
            .Select(r => (Format: r.Format!.Trim().ToUpperInvariant(), r.Position))
            .GroupBy(x => x.Format, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.Position))
            .Select(g => g.Key.Length > 64 ? g.Key[..64] : g.Key)
            .FirstOrDefault() ?? DefaultKind;

    /// <summary>The entry of <paramref name="d"/> (with its tags and resources loaded), or null when it is not public.</summary>
    public async Task<SearchDocument?> BuildAsync(Dataset d, CancellationToken ct)
    {
        if (!d.IsPublic)
        {
            return null;
        }

        // Distinct: a resource added in this unit of work can be in the list twice (EF's fix-up and the caller's own Add),
        // and the entry must not depend on which path built it.
        var resources = d.Resources.Where(r => r.DeletedAt == null).DistinctBy(r => r.Id).OrderBy(r => r.Position).ThenBy(r => r.Id).ToList();
        var tags = d.Tags.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        var body = new StringBuilder(string.Join("\n", d.Title.All().Concat(d.Description.All()).Concat(tags).Concat(resources.SelectMany(r => r.Name.All()))));
        await AppendDataAsync(body, resources.Where(r => r.DatastoreTable is not null).Select(r => r.DatastoreTable!).ToList(), ct);
        // UTC, as the database returns it: the live write and a rebuild then hash alike.
        return new SearchDocument(CatalogService.SearchType, d.Id.ToString(), d.Title.Get("ko"), body.ToString(), "datasets/" + d.Name,
            SearchDates.Stored(d.ModifiedAt), d.OrganisationId)
        {
            Kind = KindOf(resources),
            Keywords = tags,
            Identifier = d.Name,
        };
    }

    /// <summary>Re-indexes (or removes) the dataset of a resource whose live data changed, in the caller's unit of work.</summary>
    public async Task IndexResourceDatasetAsync(ISearchIndex search, Guid resourceId, CancellationToken ct)
    {
        var datasetId = await db.Set<DataResource>().AsNoTracking().Where(r => r.Id == resourceId).Select(r => r.DatasetId).FirstOrDefaultAsync(ct);
        var dataset = await db.Set<Dataset>().AsNoTracking().Include(d => d.Tags).Include(d => d.Resources.Where(r => r.DeletedAt == null))
            .AsSplitQuery().FirstOrDefaultAsync(d => d.Id == datasetId, ct);
        if (dataset is null)
        {
            return;
        }

        if (await BuildAsync(dataset, ct) is { } doc)
        {
            await search.UpsertAsync(doc, ct);
        }
        else
        {
            await search.RemoveAsync(CatalogService.SearchType, dataset.Id.ToString(), ct);
        }
    }

    /// <summary>Distinct text values of the tables' text columns, in table, row and column order, up to <see cref="MaxDataChars"/>.</summary>
    private async Task AppendDataAsync(StringBuilder body, List<string> tables, CancellationToken ct)
    {
        if (tables.Count == 0)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var budget = MaxDataChars;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var conn = db.Database.GetDbConnection();
            foreach (var table in tables)
            {
                if (budget <= 0)
                {
                    break;
                }

                var layout = await LayoutAsync(conn, table, ct);
                var text = layout?.Columns.Where(c => c.FullText).ToList() ?? [];
                if (text.Count == 0)
                {
                    continue;
                }

                await using var cmd = Command(conn);
                // Table and column names come from the layout (data_ds_{guid}, c{n}), never from what a publisher typed.
                cmd.CommandText = $"SELECT {string.Join(", ", text.Select(c => c.Sql))} FROM {layout!.Table} ORDER BY _id LIMIT {MaxDataRows.ToString(CultureInfo.InvariantCulture)}";
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (budget > 0 && await reader.ReadAsync(ct))
                {
                    for (var i = 0; i < text.Count && budget > 0; i++)
                    {
                        if (reader.IsDBNull(i) || reader.GetValue(i) is not string value || string.IsNullOrWhiteSpace(value))
                        {
                            continue;
                        }

                        value = value.Trim();
                        if (value.Length > 200)
                        {
                            value = value[..200];
                        }

                        if (seen.Add(value))
                        {
                            body.Append('\n').Append(value);
                            budget -= value.Length + 1;
                        }
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<DatastoreLayout?> LayoutAsync(DbConnection conn, string table, CancellationToken ct)
    {
        if (DatastoreLayout.VersionOf(table) is null)
        {
            return null;
        }

        await using var cmd = Command(conn);
        cmd.CommandText = $"SELECT layout FROM {table}_meta";
        return await cmd.ExecuteScalarAsync(ct) is string json ? DatastoreLayout.FromJson(table, json) : null;
    }

    private DbCommand Command(DbConnection conn)
    {
        var cmd = conn.CreateCommand();
        // Inside a unit of work (a version going live) the read joins its transaction; SQLite refuses a command without it.
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return cmd;
    }

    public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var id in db.Set<Dataset>().AsNoTracking().Where(d => d.State == DatasetState.Published && d.DeletedAt == null)
            .OrderBy(d => d.Id).Select(d => d.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return id.ToString();
        }
    }

    public async Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => Guid.TryParse(k, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var datasets = await db.Set<Dataset>().AsNoTracking()
            .Include(d => d.Tags).Include(d => d.Resources.Where(r => r.DeletedAt == null))
            .Where(d => ids.Contains(d.Id) && d.State == DatasetState.Published && d.DeletedAt == null)
            .AsSplitQuery().ToListAsync(ct);
        var docs = new List<SearchDocument>(datasets.Count);
        foreach (var d in datasets)
        {
            if (await BuildAsync(d, ct) is { } doc)
            {
                docs.Add(doc);
            }
        }

        return docs;
    }
}
