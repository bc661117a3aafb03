using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Madang.Core.Data;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Madang.Data.Datastore;

/// <summary>What a datastore dump writes: CSV (with header), TSV, or a JSON array of objects.</summary>
public enum DatastoreDumpFormat
{
    Csv,
    Tsv,
    Json,
}

/// <summary>
/// <c>datastore_search</c>, <c>datastore_upsert</c> and dumps over the live table of a resource. Field names are looked up in
/// the table's layout and only the layout's identifiers reach SQL; every value is a parameter.
/// </summary>
public sealed class DatastoreService(MadangDbContext db, Core.Search.ISearchIndex search, Catalog.DatasetSearchSource entries) : IDatastore
{
    public const int MaxLimit = 32000;

    // A table's layout never changes (a new version is a new table), so it is read once per process.
    private static readonly ConcurrentDictionary<string, DatastoreLayout> Layouts = new(StringComparer.Ordinal);

    private static readonly DatastoreColumn IdColumn = new("_id", "_id", ColumnKind.Integer);

    private bool Sqlite => db.IsSqlite;

    internal static void Forget(string? table)
    {
        if (table is not null)
        {
            Layouts.TryRemove(table, out _);
        }
    }

    /// <summary>The live table's layout and row count, or a not-found exception when the resource has no datastore.</summary>
    public async Task<(DatastoreLayout Layout, long Rows)> ResolveAsync(Guid resourceId, CancellationToken ct = default)
    {
        var r = await db.Set<DataResource>().AsNoTracking()
            .Where(x => x.Id == resourceId && x.DeletedAt == null)
            .Select(x => new { x.DatastoreTable, x.DatastoreRows })
            .FirstOrDefaultAsync(ct);
        if (r?.DatastoreTable is not { } table)
        {
            throw new DatastoreQueryException(r is null ? $"Resource \"{resourceId}\" was not found." : $"Resource \"{resourceId}\" has no datastore table.", notFound: true);
        }

        if (!Layouts.TryGetValue(table, out var layout))
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = $"SELECT layout FROM {table}_meta";
                var json = await cmd.ExecuteScalarAsync(ct) as string ?? throw new InvalidOperationException("Datastore table without layout: " + table);
                layout = Layouts.GetOrAdd(table, DatastoreLayout.FromJson(table, json));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return (layout, r.DatastoreRows);
    }

    public async Task<DatastoreResult> SearchAsync(DatastoreQuery query, CancellationToken ct = default)
    {
        if (query.Limit < 0)
        {
            throw new DatastoreQueryException("limit must be 0 or more.");
        }

        if (query.Offset < 0)
        {
            throw new DatastoreQueryException("offset must be 0 or more.");
        }

        var (layout, rows) = await ResolveAsync(query.ResourceId, ct);
        var limit = Math.Min(query.Limit, MaxLimit);
        var fields = query.Fields.Count == 0
            ? [IdColumn, .. layout.Columns]
            : query.Fields.Select(f => Column(layout, f, "fields")).ToList();

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var conn = db.Database.GetDbConnection();
            await using var cmd = conn.CreateCommand();
            var order = OrderBy(layout, query.Sort, query.AfterId is not null);

            // The total counts every matching row, as CKAN's does: the keyset cursor pages through it, it does not narrow it.
            long? total = null;
            if (query.IncludeTotal)
            {
                var matching = Where(layout, query with { AfterId = null }, cmd);
                if (matching.Length == 0)
                {
                    // Upserts keep the resource's count in step, so the common unfiltered total costs no scan.
                    total = rows;
                }
                else
                {
                    cmd.CommandText = $"SELECT COUNT(*) FROM {layout.Table}{matching}";
                    total = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                }

                cmd.Parameters.Clear();
            }

            var where = Where(layout, query, cmd, unindexedFilters: await SortIndexIsCheaperAsync(layout, query, order, total, rows, limit, conn, ct));

            var result = new List<object?[]>(Math.Min(limit, 1000));
            long? lastId = null;
            if (limit > 0)
            {
                cmd.CommandText = $"SELECT _id, {string.Join(", ", fields.Select(f => f.Sql))} FROM {layout.Table}{where} ORDER BY {order} LIMIT {limit.ToString(CultureInfo.InvariantCulture)} OFFSET {query.Offset.ToString(CultureInfo.InvariantCulture)}";
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var values = new object?[fields.Count];
                    for (var i = 0; i < fields.Count; i++)
                    {
                        values[i] = DatastoreValues.Read(reader, i + 1, fields[i].Kind, Sqlite);
                    }

                    lastId = reader.GetInt64(0);
                    result.Add(values);
                }
            }

            return new DatastoreResult(fields.Select(f => new DatastoreField(f.Name, f.CkanType)).ToList(), result, total, lastId);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DatastoreColumn Column(DatastoreLayout layout, string name, string where) =>
        name == "_id" ? IdColumn
        : layout.ByName.TryGetValue(name, out var c) ? c
        : throw new DatastoreQueryException($"Field \"{DatastoreValues.Clip(name)}\" in {where} does not exist. Fields: {string.Join(", ", layout.Columns.Select(x => x.Name).Prepend("_id"))}.");

    /// <summary>
    /// SQLite plans a filtered, sorted page from the filter's index and sorts every match; when the filter matches many rows
    /// and the page is small, walking the sort column's index and skipping non-matches reads far fewer rows (about
    /// (offset + limit) × rows / matches). The totals are known by then, so the cheaper plan is chosen from them.
    /// </summary>
    private async Task<bool> SortIndexIsCheaperAsync(DatastoreLayout layout, DatastoreQuery query, string order, long? matches, long rows,
        int limit, DbConnection conn, CancellationToken ct)
    {
        if (!Sqlite || limit == 0 || matches is not > 0 || query.Filters.Count == 0 || !string.IsNullOrWhiteSpace(query.Q) || order == "_id")
        {
            return false;
        }

        var first = order.Split(',')[0].Trim().Split(' ')[0];
        var walkable = first == "_id" || (await IndexedColumnsAsync(layout.Table, conn, ct)).Contains(first);
        return walkable && (double)(query.Offset + limit) * rows / matches.Value < matches.Value;
    }

    private static readonly ConcurrentDictionary<string, HashSet<string>> IndexedColumns = new(StringComparer.Ordinal);

    private static async Task<HashSet<string>> IndexedColumnsAsync(string table, DbConnection conn, CancellationToken ct)
    {
        if (IndexedColumns.TryGetValue(table, out var known))
        {
            return known;
        }

        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}'";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (name.StartsWith(table + "_", StringComparison.Ordinal))
                {
                    columns.Add(name[(table.Length + 1)..]);
                }
            }
        }

        // Tables are never altered after their load, so the answer holds for the table's life.
        IndexedColumns[table] = columns;
        return columns;
    }

    private string Where(DatastoreLayout layout, DatastoreQuery query, DbCommand cmd, bool unindexedFilters = false)
    {
        var clauses = new List<string>();
        var n = 0;
        string Param(object value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + (n++).ToString(CultureInfo.InvariantCulture);
            p.Value = value;
            cmd.Parameters.Add(p);
            return p.ParameterName;
        }

        foreach (var (field, values) in query.Filters)
        {
            var column = Column(layout, field, "filters");
            if (values.Count == 0)
            {
                continue;
            }

            var typed = values.Distinct(StringComparer.Ordinal).Select(v => Param(Store(column, DatastoreValues.Parse(column, v)))).ToList();
            // SQLite's unary + keeps the column out of index selection without changing the comparison (values are stored typed).
            var target = unindexedFilters ? "+" + column.Sql : column.Sql;
            clauses.Add(typed.Count == 1 ? $"{target} = {typed[0]}" : $"{target} IN ({string.Join(", ", typed)})");
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var match = Sqlite ? DatastoreTerms.SqliteMatch(query.Q) : DatastoreTerms.PostgresMatch(query.Q);
            if (match is not null)
            {
                clauses.Add(!layout.HasFullText ? "1 = 0"
                    : Sqlite ? $"_id IN (SELECT rowid FROM {layout.FtsTable} WHERE {layout.FtsTable} MATCH {Param(match)})"
                    : $"_fts @@ CAST({Param(match)} AS tsquery)");
            }
        }

        if (query.AfterId is { } after)
        {
            clauses.Add($"_id > {Param(after)}");
        }

        return clauses.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", clauses);
    }

    private object Store(DatastoreColumn column, object? value) =>
        Sqlite ? DatastoreValues.SqliteValue(column.Kind, value) : DatastoreValues.PostgresValue(column.Kind, value);

    /// <summary>CKAN's sort: <c>"field1 desc, field2"</c>, field names optionally in double quotes; <c>_id</c> breaks ties.</summary>
    internal static string OrderBy(DatastoreLayout layout, string? sort, bool keyset)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return "_id";
        }

        if (keyset)
        {
            throw new DatastoreQueryException("Keyset paging (after _id) only works in _id order; leave out sort or use offset.");
        }

        var parts = new List<string>();
        foreach (var raw in SplitSort(sort))
        {
            var item = raw.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            var direction = "ASC";
            var lower = item.ToLowerInvariant();
            if (lower.EndsWith(" desc", StringComparison.Ordinal))
            {
                direction = "DESC";
                item = item[..^5].TrimEnd();
            }
            else if (lower.EndsWith(" asc", StringComparison.Ordinal))
            {
                item = item[..^4].TrimEnd();
            }

            if (item.Length >= 2 && item[0] == '"' && item[^1] == '"')
            {
                item = item[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            }

            var column = Column(layout, item, "sort");
            parts.Add(column.Sql + " " + direction);
            if (column.Sql == "_id")
            {
                return string.Join(", ", parts);
            }
        }

        // The tie-breaker runs the way the last key does: an index on that column (which SQLite orders by rowid within a value)
        // then gives the whole order, with no sort of the matching rows.
        parts.Add(parts[^1].EndsWith(" DESC", StringComparison.Ordinal) ? "_id DESC" : "_id");
        return string.Join(", ", parts);
    }

    // Commas inside a quoted field name do not separate sort items.
    private static IEnumerable<string> SplitSort(string sort)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < sort.Length; i++)
        {
            if (sort[i] == '"')
            {
                quoted = !quoted;
            }
            else if (sort[i] == ',' && !quoted)
            {
                yield return sort[start..i];
                start = i + 1;
            }
        }

        yield return sort[start..];
    }

    // ---- upsert ------------------------------------------------------------------------------------------------------

    public async Task<int> UpsertAsync(Guid resourceId, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, string method, CancellationToken ct = default)
    {
        var m = (method ?? "upsert").Trim().ToLowerInvariant();
        if (m is not ("upsert" or "insert" or "update"))
        {
            throw new DatastoreQueryException($"method must be upsert, insert or update, not \"{DatastoreValues.Clip(method ?? string.Empty)}\".");
        }

        var (layout, _) = await ResolveAsync(resourceId, ct);
        var keys = layout.PrimaryKey.Count > 0 ? layout.PrimaryKey.Select(k => Column(layout, k, "primary key")).ToList() : [IdColumn];

        // Every record is typed before anything is written: a bad value rejects the whole request with its row and field.
        var typed = new List<Dictionary<DatastoreColumn, object?>>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var row = new Dictionary<DatastoreColumn, object?>();
            foreach (var (name, value) in records[i])
            {
                try
                {
                    var column = Column(layout, name, "records");
                    row[column] = column == IdColumn ? (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) ? id : throw new DatastoreQueryException("_id must be an integer."))
                        : DatastoreValues.FromJson(column, value);
                }
                catch (DatastoreQueryException e)
                {
                    throw new DatastoreQueryException($"Record {i + 1}: {e.Message}");
                }
            }

            var missing = keys.Where(k => !row.TryGetValue(k, out var v) || v is null).ToList();
            if (missing.Count > 0 && (m == "update" || (m == "upsert" && keys[0] != IdColumn)))
            {
                throw new DatastoreQueryException($"Record {i + 1}: the key field \"{missing[0].Name}\" is missing (needed to {m}).");
            }

            typed.Add(row);
        }

        var textColumns = layout.Columns.Where(c => c.FullText).ToList();
        var written = 0;
        long inserted = 0;
        await using IDbContextTransaction tx = await db.Database.BeginTransactionAsync(ct);
        var conn = db.Database.GetDbConnection();
        var dbTx = tx.GetDbTransaction();
        long nextId = 0;
        for (var i = 0; i < typed.Count; i++)
        {
            var row = typed[i];
            long? existing = null;
            if (keys.All(k => row.TryGetValue(k, out var v) && v is not null))
            {
                await using var find = Command(conn, dbTx);
                find.CommandText = $"SELECT _id FROM {layout.Table} WHERE {string.Join(" AND ", keys.Select((k, j) => $"{k.Sql} = {Add(find, "k" + j, Store(k, row[k]!))}"))} LIMIT 1";
                existing = await find.ExecuteScalarAsync(ct) is { } found and not DBNull ? Convert.ToInt64(found, CultureInfo.InvariantCulture) : null;
            }

            long id;
            if (existing is { } rowId)
            {
                if (m == "insert")
                {
                    throw new DatastoreQueryException($"Record {i + 1}: a row with this key already exists ({KeyText(keys, row)}).");
                }

                id = rowId;
                var set = row.Where(kv => kv.Key != IdColumn).ToList();
                if (set.Count > 0)
                {
                    await using var update = Command(conn, dbTx);
                    update.CommandText = $"UPDATE {layout.Table} SET {string.Join(", ", set.Select((kv, j) => $"{kv.Key.Sql} = {Add(update, "v" + j, Store(kv.Key, kv.Value))}"))} WHERE _id = {Add(update, "id", id)}";
                    await update.ExecuteNonQueryAsync(ct);
                }

                if (textColumns.Count == 0 || !set.Any(kv => kv.Key.FullText))
                {
                    written++;
                    continue;
                }
            }
            else
            {
                if (m == "update")
                {
                    throw new DatastoreQueryException($"Record {i + 1}: no row has this key ({KeyText(keys, row)}).");
                }

                if (nextId == 0)
                {
                    await using var max = Command(conn, dbTx);
                    max.CommandText = $"SELECT COALESCE(MAX(_id), 0) FROM {layout.Table}";
                    nextId = Convert.ToInt64(await max.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) + 1;
                }

                id = row.TryGetValue(IdColumn, out var given) && given is long g ? g : nextId;
                nextId = Math.Max(nextId, id + 1);
                await using var insert = Command(conn, dbTx);
                var values = layout.Columns.Select((c, j) => Add(insert, "v" + j, Store(c, row.GetValueOrDefault(c)))).ToList();
                insert.CommandText = $"INSERT INTO {layout.Table} (_id, {string.Join(", ", layout.Columns.Select(c => c.Sql))}) VALUES ({Add(insert, "id", id)}, {string.Join(", ", values)})";
                await insert.ExecuteNonQueryAsync(ct);
                inserted++;
                if (textColumns.Count == 0)
                {
                    written++;
                    continue;
                }
            }

            // The full text is rebuilt from the row as it now stands (an update may have changed only some fields).
            var texts = new List<string?>();
            await using (var read = Command(conn, dbTx))
            {
                read.CommandText = $"SELECT {string.Join(", ", textColumns.Select(c => c.Sql))} FROM {layout.Table} WHERE _id = {Add(read, "id", id)}";
                await using var reader = await read.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                for (var j = 0; j < textColumns.Count; j++)
                {
                    texts.Add(reader.IsDBNull(j) ? null : reader.GetString(j));
                }
            }

            await using (var fts = Command(conn, dbTx))
            {
                if (Sqlite)
                {
                    fts.CommandText = $"DELETE FROM {layout.FtsTable} WHERE rowid = {Add(fts, "id", id)}; INSERT INTO {layout.FtsTable} (rowid, terms) VALUES (@id, {Add(fts, "t", DatastoreTerms.Sqlite(texts) ?? string.Empty)})";
                }
                else
                {
                    fts.CommandText = $"UPDATE {layout.Table} SET _terms = {Add(fts, "t", DatastoreTerms.Postgres(texts) ?? string.Empty)} WHERE _id = {Add(fts, "id", id)}";
                }

                await fts.ExecuteNonQueryAsync(ct);
            }

            written++;
        }

        if (inserted > 0)
        {
            await db.Set<DataResource>().Where(r => r.Id == resourceId).ExecuteUpdateAsync(s => s.SetProperty(r => r.DatastoreRows, r => r.DatastoreRows + inserted), ct);
        }

        // The dataset's entry carries text from these rows: it changes in the same commit, so `search check` finds no drift.
        await entries.IndexResourceDatasetAsync(search, resourceId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return written;
    }

    private static DbCommand Command(DbConnection conn, DbTransaction tx)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        return cmd;
    }

    private static string Add(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p.ParameterName;
    }

    private static string KeyText(List<DatastoreColumn> keys, Dictionary<DatastoreColumn, object?> row) =>
        string.Join(", ", keys.Select(k => k.Name + "=" + DatastoreValues.Clip(Convert.ToString(row.GetValueOrDefault(k), CultureInfo.InvariantCulture) ?? "null")));

    // ---- dump --------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes every row of the live table to <paramref name="output"/> in <c>_id</c> order as it is read (never the whole table
    /// in memory): CSV/TSV with a header line, or a JSON array of objects. <paramref name="bom"/> helps spreadsheet programs
    /// open UTF-8 CSV with Korean or Japanese text.
    /// </summary>
    public async Task DumpAsync(Guid resourceId, Stream output, DatastoreDumpFormat format, bool bom = false, CancellationToken ct = default)
    {
        var (layout, _) = await ResolveAsync(resourceId, ct);
        var columns = new List<DatastoreColumn> { IdColumn };
        columns.AddRange(layout.Columns);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = $"SELECT {string.Join(", ", columns.Select(c => c.Sql))} FROM {layout.Table} ORDER BY _id";
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (format == DatastoreDumpFormat.Json)
            {
                await using var json = new Utf8JsonWriter(output);
                json.WriteStartArray();
                while (await reader.ReadAsync(ct))
                {
                    json.WriteStartObject();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        json.WritePropertyName(columns[i].Name);
                        WriteJson(json, DatastoreValues.Read(reader, i, columns[i].Kind, Sqlite));
                    }

                    json.WriteEndObject();
                    if (json.BytesPending > 32 * 1024)
                    {
                        await json.FlushAsync(ct);
                    }
                }

                json.WriteEndArray();
                await json.FlushAsync(ct);
                return;
            }

            var separator = format == DatastoreDumpFormat.Tsv ? '\t' : ',';
            await using var writer = new StreamWriter(output, new UTF8Encoding(bom), 64 * 1024, leaveOpen: true);
            await writer.WriteLineAsync(string.Join(separator, columns.Select(c => Cell(c.Name, separator))).AsMemory(), ct);
            var line = new StringBuilder();
            while (await reader.ReadAsync(ct))
            {
                line.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    if (i > 0)
                    {
                        line.Append(separator);
                    }

                    line.Append(Cell(Text(DatastoreValues.Read(reader, i, columns[i].Kind, Sqlite)), separator));
                }

                await writer.WriteLineAsync(line, ct);
            }

            await writer.FlushAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A value as text for CSV and for CKAN's lists/csv records: invariant numbers, ISO dates, true/false.</summary>
    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>One CSV field, quoted only when it holds the separator, a quote or a line break (RFC 4180).</summary>
    public static string Cell(string s, char separator = ',') =>
        s.AsSpan().IndexOfAny([separator, '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case double x when double.IsFinite(x):
                json.WriteNumberValue(x);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            default:
                json.WriteStringValue(Text(value));
                break;
        }
    }
}
