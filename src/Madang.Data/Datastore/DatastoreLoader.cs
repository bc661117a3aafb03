using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Madang.Core.Data;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Madang.Data.Datastore;

/// <summary>
/// Loads rows into a fresh <c>data_ds_{version}</c> table on a connection of its own (SQLite: multi-row prepared inserts in
/// large transactions; PostgreSQL: binary COPY), builds indexes and full text after the rows are in, then switches the
/// resource to it in one transaction and drops the old table.
/// </summary>
public sealed class DatastoreLoader(MadangDbContext db, TimeProvider clock, ILogger<DatastoreLoader> log, Core.Search.ISearchIndex search,
    Catalog.DatasetSearchSource entries) : IDatastoreLoader
{
    /// <summary>Rows per SQLite transaction: large enough to amortise the commit, small enough that other writers wait well under the busy timeout.</summary>
    internal const int SqliteCommitRows = 50_000;

    /// <summary>Rows handed from the reading thread to the writing one at a time.</summary>
    private const int ChunkRows = 1_000;

    /// <summary>A table with more columns than this gets indexes only on its key and its short columns up to this many.</summary>
    internal const int IndexAllColumnsUpTo = 20;

    /// <summary>A text column with a value longer than this is free text: found with q, not indexed for filters and sorting.</summary>
    internal const int MaxIndexedTextLength = 40;

    /// <summary>A text column with more distinct values than this is not a category: found with q, not indexed.</summary>
    internal const int MaxIndexedTextValues = 20_000;

    private bool Sqlite => db.IsSqlite;

    /// <summary>Where the last load in this process spent its time (seconds), for the benchmark.</summary>
    internal static Dictionary<string, double> LastTimings { get; } = [];

    private static void Time(string phase, Stopwatch watch)
    {
        lock (LastTimings)
        {
            LastTimings[phase] = LastTimings.GetValueOrDefault(phase) + watch.Elapsed.TotalSeconds;
        }
    }

    public async Task<long> LoadAsync(Guid resourceId, Guid versionId, TableSchema schema, IEnumerable<object?[]> rows,
        IProgress<long>? progress, CancellationToken ct = default)
    {
        if (schema.Fields.Count == 0)
        {
            throw new ArgumentException("A datastore table needs at least one field.", nameof(schema));
        }

        var resource = await db.Set<DataResource>().AsNoTracking()
            .Where(r => r.Id == resourceId && r.DeletedAt == null)
            .Select(r => new { r.DatastoreTable })
            .FirstOrDefaultAsync(ct) ?? throw new InvalidOperationException($"Resource {resourceId} does not exist.");
        var layout = DatastoreLayout.From(DatastoreLayout.TableName(versionId), schema);

        await DropLeftoversAsync(resourceId, versionId, ct);
        await db.Set<DataResource>().Where(r => r.Id == resourceId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.DatastoreState, DatastoreState.Loading)
            .SetProperty(r => r.DatastoreProgress, 0L)
            .SetProperty(r => r.DatastoreError, (string?)null), ct);

        var watch = Stopwatch.StartNew();
        lock (LastTimings)
        {
            LastTimings.Clear();
        }

        try
        {
            var reporter = new Progress(db, resourceId, progress);
            var count = Sqlite
                ? await LoadSqliteAsync(layout, rows, reporter, ct)
                : await LoadPostgresAsync(layout, rows, reporter, ct);
            ct.ThrowIfCancellationRequested();
            var old = await SwitchAsync(resourceId, versionId, layout.Table, count, ct);
            if (old is not null)
            {
                await DropTablesAsync(old, CancellationToken.None);
            }

            progress?.Report(count);
            log.LogInformation("Datastore load of version {Version}: {Rows} rows in {Seconds:0.0} s", versionId, count, watch.Elapsed.TotalSeconds);
            return count;
        }
        catch (Exception e)
        {
            // The previous table (if any) was never touched: it stays live. Only the partial one goes.
            await DropTablesAsync(layout.Table, CancellationToken.None);
            var cancelled = e is OperationCanceledException;
            var live = resource.DatastoreTable is not null;
            var message = cancelled ? null : DatastoreValues.Clip(e.Message);
            await db.Set<DataResource>().Where(r => r.Id == resourceId && r.DatastoreState == DatastoreState.Loading).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.DatastoreState, live ? DatastoreState.Active : cancelled ? DatastoreState.None : DatastoreState.Failed)
                .SetProperty(r => r.DatastoreProgress, 0L)
                .SetProperty(r => r.DatastoreError, message), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Makes the new table live unless a newer version already is; returns the table to drop.</summary>
    private async Task<string?> SwitchAsync(Guid resourceId, Guid versionId, string table, long count, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await db.Set<DataResource>().AsNoTracking().Where(r => r.Id == resourceId)
            .Select(r => new { r.DatastoreTable, r.DatastoreVersionId }).FirstAsync(ct);
        if (current.DatastoreVersionId is { } liveVersion && await IsNewerAsync(liveVersion, versionId, ct))
        {
            // Two loads of one resource raced and the newer one finished first: ours is already out of date.
            await tx.RollbackAsync(ct);
            return table;
        }

        var now = clock.GetUtcNow();
        await db.Set<DataResource>().Where(r => r.Id == resourceId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.DatastoreTable, table)
            .SetProperty(r => r.DatastoreVersionId, versionId)
            .SetProperty(r => r.DatastoreRows, count)
            .SetProperty(r => r.DatastoreProgress, count)
            .SetProperty(r => r.DatastoreState, DatastoreState.Active)
            .SetProperty(r => r.DatastoreError, (string?)null)
            .SetProperty(r => r.ModifiedAt, now), ct);
        // The dataset's entry carries text from the live table: the new version's values are searchable from the moment they
        // are live, and the old ones no longer.
        await entries.IndexResourceDatasetAsync(search, resourceId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        DatastoreService.Forget(current.DatastoreTable);
        return current.DatastoreTable == table ? null : current.DatastoreTable;
    }

    private async Task<bool> IsNewerAsync(Guid live, Guid candidate, CancellationToken ct)
    {
        var numbers = await db.Set<ResourceVersion>().AsNoTracking().Where(v => v.Id == live || v.Id == candidate)
            .Select(v => new { v.Id, v.Number }).ToListAsync(ct);
        var l = numbers.Find(v => v.Id == live);
        var c = numbers.Find(v => v.Id == candidate);
        return l is not null && c is not null && l.Number > c.Number;
    }

    /// <summary>
    /// Drops what killed or failed loads of this resource left behind: tables of its versions up to this one that are not live
    /// (a newer version's table may be a load still running elsewhere, so it is left alone).
    /// </summary>
    private async Task DropLeftoversAsync(Guid resourceId, Guid versionId, CancellationToken ct)
    {
        var versions = await db.Set<ResourceVersion>().AsNoTracking().Where(v => v.ResourceId == resourceId)
            .Select(v => new { v.Id, v.Number }).ToListAsync(ct);
        var live = await db.Set<DataResource>().AsNoTracking().Where(r => r.Id == resourceId).Select(r => r.DatastoreVersionId).FirstOrDefaultAsync(ct);
        var mine = versions.Find(v => v.Id == versionId)?.Number ?? int.MaxValue;
        var candidates = versions.Where(v => v.Id != live && v.Number <= mine).Select(v => v.Id).Append(versionId).ToHashSet();
        foreach (var table in (await ListTablesAsync(ct)).Where(t => candidates.Contains(t.Key)).Select(t => t.Value))
        {
            await DropTablesAsync(table, ct);
        }
    }

    /// <summary>
    /// Drops datastore tables nobody uses: of unknown or deleted resources, or not live while their resource is not loading.
    /// Returns how many tables were dropped.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var tables = await ListTablesAsync(ct);
        if (tables.Count == 0)
        {
            return 0;
        }

        var ids = tables.Keys.ToList();
        var owners = await db.Set<ResourceVersion>().AsNoTracking().Where(v => ids.Contains(v.Id))
            .Join(db.Set<DataResource>(), v => v.ResourceId, r => r.Id, (v, r) => new { v.Id, r.DatastoreVersionId, r.DatastoreState, r.DeletedAt })
            .ToListAsync(ct);
        var dropped = 0;
        foreach (var (version, table) in tables)
        {
            var owner = owners.Find(o => o.Id == version);
            if (owner is null || owner.DeletedAt is not null || (owner.DatastoreVersionId != version && owner.DatastoreState != DatastoreState.Loading))
            {
                await DropTablesAsync(table, ct);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>Datastore tables present, by version id (companion tables folded into their main table).</summary>
    private async Task<Dictionary<Guid, string>> ListTablesAsync(CancellationToken ct)
    {
        var sql = Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'data\\_ds\\_%' ESCAPE '\\'"
            : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'data\\_ds\\_%'";
        var result = new Dictionary<Guid, string>();
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (DatastoreLayout.VersionOf(reader.GetString(0)) is { } id)
                {
                    result[id] = DatastoreLayout.TableName(id);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    private async Task DropTablesAsync(string table, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            // The FTS5 virtual table takes its shadow tables with it.
            cmd.CommandText = $"DROP TABLE IF EXISTS {table}_fts; DROP TABLE IF EXISTS {table}_meta; DROP TABLE IF EXISTS {table};";
            await cmd.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        DatastoreService.Forget(table);
    }

    // ---- SQLite ------------------------------------------------------------------------------------------------------

    private async Task<long> LoadSqliteAsync(DatastoreLayout layout, IEnumerable<object?[]> rows, Progress progress, CancellationToken ct)
    {
        await using var conn = new SqliteConnection(db.Database.GetConnectionString());
        await conn.OpenAsync(ct);
        // A connection of our own: a bigger page cache, and checkpoints every ~40 MB of WAL instead of every 4 MB (each one syncs).
        // WAL with synchronous=NORMAL syncs only at checkpoints; the table is invisible until the switch, so a crash loses nothing
        // live. Temp b-trees for the index sorts stay on disk: in memory they were the load's peak.
        await ExecAsync(conn, null, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=10000;", ct);

        var t = layout.Table;
        var columns = string.Join(", ", layout.Columns.Select(c => c.Sql + " " + SqliteType(c.Kind)));
        await ExecAsync(conn, null, $"CREATE TABLE {t} (_id INTEGER PRIMARY KEY, {columns}); CREATE TABLE {t}_meta (layout TEXT NOT NULL);", ct);
        await using (var meta = conn.CreateCommand())
        {
            meta.CommandText = $"INSERT INTO {t}_meta (layout) VALUES ($l)";
            meta.Parameters.AddWithValue("$l", layout.ToJson());
            await meta.ExecuteNonQueryAsync(ct);
        }

        if (layout.HasFullText)
        {
            // Contentless (the text is in the table already) with deletes for upserts; detail=none: queries are an AND of
            // terms, so positions would only cost space and load time.
            await ExecAsync(conn, null, $"CREATE VIRTUAL TABLE {t}_fts USING fts5(terms, content='', contentless_delete=1, detail=none, tokenize='ascii');", ct);
        }

        var width = layout.Columns.Count + 1;
        var perStatement = Math.Clamp(2_000 / width, 1, 64);
        var stats = new ColumnStats(layout.Columns.Count);
        long count = 0;
        var writing = new Stopwatch();
        SqliteTransaction? tx = null;
        using var insert = new RawInsert(conn, InsertSql(layout, perStatement));
        using var ftsInsert = layout.HasFullText ? new RawInsert(conn, FtsSql(t, perStatement)) : null;
        try
        {
            var pending = new List<(object?[] Row, string? Terms)>(perStatement);
            await foreach (var chunk in ReadAsync(layout, rows, stats, quote: false, ct))
            {
                writing.Start();
                for (var i = 0; i < chunk.Count; i++)
                {
                    pending.Add((chunk.Rows[i], chunk.Terms?[i]));
                    if (pending.Count == perStatement)
                    {
                        tx ??= conn.BeginTransaction();
                        Flush(insert, ftsInsert, layout, pending, count);
                        count += pending.Count;
                        pending.Clear();
                        if (count % SqliteCommitRows < perStatement)
                        {
                            tx.Commit();
                            tx.Dispose();
                            tx = null;
                            writing.Stop();
                            await progress.ReportAsync(count, ct);
                            writing.Start();
                        }
                    }
                }

                writing.Stop();
            }

            if (pending.Count > 0)
            {
                tx ??= conn.BeginTransaction();
                using var tail = new RawInsert(conn, InsertSql(layout, pending.Count));
                using var ftsTail = layout.HasFullText ? new RawInsert(conn, FtsSql(t, pending.Count)) : null;
                Flush(tail, ftsTail, layout, pending, count);
                count += pending.Count;
            }

            tx?.Commit();
            Time("write", writing);
        }
        finally
        {
            tx?.Dispose();
        }

        await progress.ReportAsync(count, ct);
        var indexWatch = Stopwatch.StartNew();
        foreach (var sql in IndexStatements(layout, stats))
        {
            ct.ThrowIfCancellationRequested();
            await ExecAsync(conn, null, sql, ct);
        }

        // Statistics so the planner picks between a filter's index and a sort's index; a sample is enough.
        await ExecAsync(conn, null, $"PRAGMA analysis_limit=1000; ANALYZE {t}; PRAGMA wal_checkpoint(PASSIVE);", ct);
        Time("index", indexWatch);
        log.LogInformation("Datastore indexes for {Table} in {Seconds:0.0} s", t, indexWatch.Elapsed.TotalSeconds);
        return count;
    }

    private static string SqliteType(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer or ColumnKind.Boolean => "INTEGER",
        ColumnKind.Number => "REAL",
        _ => "TEXT",
    };

    private static string InsertSql(DatastoreLayout layout, int rows)
    {
        var sb = new StringBuilder($"INSERT INTO {layout.Table} (_id, ").AppendJoin(", ", layout.Columns.Select(c => c.Sql)).Append(") VALUES ");
        var values = "(" + string.Join(",", Enumerable.Repeat("?", layout.Columns.Count + 1)) + ")";
        return sb.AppendJoin(",", Enumerable.Repeat(values, rows)).ToString();
    }

    private static string FtsSql(string table, int rows) =>
        $"INSERT INTO {table}_fts (rowid, terms) VALUES " + string.Join(",", Enumerable.Repeat("(?,?)", rows));

    private static void Flush(RawInsert insert, RawInsert? fts, DatastoreLayout layout, List<(object?[] Row, string? Terms)> rows, long firstId)
    {
        var columns = layout.Columns;
        var width = columns.Count + 1;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r].Row;
            var b = r * width + 1;
            insert.Bind(b, firstId + r + 1);
            for (var c = 0; c < columns.Count; c++)
            {
                insert.Bind(b + c + 1, DatastoreValues.SqliteValue(columns[c].Kind, row[c]));
            }
        }

        insert.Execute();
        if (fts is not null)
        {
            // Rows without text still fill their slot: an empty document matches nothing.
            for (var r = 0; r < rows.Count; r++)
            {
                fts.Bind(2 * r + 1, firstId + r + 1);
                fts.Bind(2 * r + 2, rows[r].Terms ?? string.Empty);
            }

            fts.Execute();
        }
    }

    /// <summary>
    /// A prepared multi-row INSERT bound by position through SQLite's own API. Microsoft.Data.Sqlite binds by name and checks
    /// every placeholder against its parameter list, which made a 100-row statement cost more than the rows it wrote.
    /// </summary>
    private sealed class RawInsert : IDisposable
    {
        private readonly SqliteConnection conn;
        private readonly sqlite3_stmt stmt;

        public RawInsert(SqliteConnection conn, string sql)
        {
            this.conn = conn;
            Check(raw.sqlite3_prepare_v2(conn.Handle, sql, out stmt));
        }

        public void Bind(int index, object value) => Check(value switch
        {
            DBNull => raw.sqlite3_bind_null(stmt, index),
            long l => raw.sqlite3_bind_int64(stmt, index, l),
            double d => raw.sqlite3_bind_double(stmt, index, d),
            string s => raw.sqlite3_bind_text(stmt, index, s),
            decimal m => raw.sqlite3_bind_text(stmt, index, m.ToString(CultureInfo.InvariantCulture)),
            _ => raw.sqlite3_bind_text(stmt, index, Convert.ToString(value, CultureInfo.InvariantCulture)),
        });

        public void Execute()
        {
            var rc = raw.sqlite3_step(stmt);
            raw.sqlite3_reset(stmt);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, conn.Handle);
            }
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, conn.Handle);
            }
        }

        public void Dispose() => stmt.Dispose();
    }

    private static async Task ExecAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // ---- PostgreSQL --------------------------------------------------------------------------------------------------

    private async Task<long> LoadPostgresAsync(DatastoreLayout layout, IEnumerable<object?[]> rows, Progress progress, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(db.Database.GetConnectionString());
        await conn.OpenAsync(ct);
        var t = layout.Table;
        var columns = string.Join(", ", layout.Columns.Select(c => c.Sql + " " + PostgresType(c.Kind)));
        // The terms are kept as text and cast to tsvector by a generated column, as the kernel's search does: never parsed by a
        // text-search configuration, so CJK bigrams survive any locale, and upserts keep it in step by writing _terms.
        var fts = layout.HasFullText ? ", _terms text, _fts tsvector GENERATED ALWAYS AS (CAST(_terms AS tsvector)) STORED" : string.Empty;
        await ExecAsync(conn, null, $"CREATE TABLE {t} (_id bigint NOT NULL, {columns}{fts}); CREATE TABLE {t}_meta (layout text NOT NULL);", ct);
        await using (var meta = new NpgsqlCommand($"INSERT INTO {t}_meta (layout) VALUES (@l)", conn))
        {
            meta.Parameters.AddWithValue("l", layout.ToJson());
            await meta.ExecuteNonQueryAsync(ct);
        }

        var types = layout.Columns.Select(c => PostgresDbType(c.Kind)).ToArray();
        var stats = new ColumnStats(layout.Columns.Count);
        long count = 0;
        var copy = $"COPY {t} (_id, {string.Join(", ", layout.Columns.Select(c => c.Sql))}{(layout.HasFullText ? ", _terms" : string.Empty)}) FROM STDIN (FORMAT BINARY)";
        await using (var importer = await conn.BeginBinaryImportAsync(copy, ct))
        {
            await foreach (var chunk in ReadAsync(layout, rows, stats, quote: true, ct))
            {
                for (var i = 0; i < chunk.Count; i++)
                {
                    var row = chunk.Rows[i];
                    await importer.StartRowAsync(ct);
                    await importer.WriteAsync(++count, NpgsqlDbType.Bigint, ct);
                    for (var c = 0; c < types.Length; c++)
                    {
                        var v = DatastoreValues.PostgresValue(layout.Columns[c].Kind, row[c]);
                        if (v is DBNull)
                        {
                            await importer.WriteNullAsync(ct);
                        }
                        else
                        {
                            await importer.WriteAsync(v, types[c], ct);
                        }
                    }

                    if (layout.HasFullText)
                    {
                        await importer.WriteAsync(chunk.Terms![i] ?? string.Empty, NpgsqlDbType.Text, ct);
                    }
                }

                if (count % SqliteCommitRows < ChunkRows)
                {
                    await progress.ReportAsync(count, ct);
                }
            }

            await importer.CompleteAsync(ct);
        }

        await progress.ReportAsync(count, ct);
        await ExecAsync(conn, null, $"ALTER TABLE {t} ADD PRIMARY KEY (_id);", ct);
        foreach (var sql in IndexStatements(layout, stats))
        {
            ct.ThrowIfCancellationRequested();
            await ExecAsync(conn, null, sql, ct);
        }

        if (layout.HasFullText)
        {
            await ExecAsync(conn, null, $"CREATE INDEX {t}_gin ON {t} USING GIN (_fts);", ct);
        }

        await ExecAsync(conn, null, $"ANALYZE {t};", ct);
        return count;
    }

    private static string PostgresType(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => "bigint",
        ColumnKind.Number => "numeric",
        ColumnKind.Boolean => "boolean",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp => "timestamptz",
        _ => "text",
    };

    private static NpgsqlDbType PostgresDbType(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => NpgsqlDbType.Bigint,
        ColumnKind.Number => NpgsqlDbType.Numeric,
        ColumnKind.Boolean => NpgsqlDbType.Boolean,
        ColumnKind.Date => NpgsqlDbType.Date,
        ColumnKind.Timestamp => NpgsqlDbType.TimestampTz,
        _ => NpgsqlDbType.Text,
    };

    // ---- shared ------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Which columns get a b-tree: in a table of up to <see cref="IndexAllColumnsUpTo"/> columns, every number, date and
    /// category-like text column (short values, few distinct ones); not free text (searched with q, and its index would be as
    /// big as the table) nor booleans (half the rows match either value); wider tables only their primary key. CKAN indexes
    /// nothing but the key and full text unless told; an index costs about a second per million rows to build and makes a
    /// filter plus sort on a million rows take milliseconds. Built after the rows are in: one sort per index instead of a
    /// b-tree insert per row.
    /// </summary>
    private static IEnumerable<string> IndexStatements(DatastoreLayout layout, ColumnStats stats)
    {
        var t = layout.Table;
        var keyColumns = layout.PrimaryKey.Select(k => layout.ByName.GetValueOrDefault(k)?.Sql).OfType<string>().ToList();
        if (keyColumns.Count > 0)
        {
            yield return $"CREATE INDEX {t}_pk ON {t} ({string.Join(", ", keyColumns)});";
        }

        if (layout.Columns.Count > IndexAllColumnsUpTo)
        {
            yield break;
        }

        for (var i = 0; i < layout.Columns.Count; i++)
        {
            var c = layout.Columns[i];
            var freeText = c.Kind == ColumnKind.Text && (stats.MaxLength[i] > MaxIndexedTextLength || stats.ManyValues[i]);
            if (freeText || c.Kind == ColumnKind.Boolean || (keyColumns.Count == 1 && keyColumns[0] == c.Sql))
            {
                continue;
            }

            yield return $"CREATE INDEX {t}_{c.Sql} ON {t} ({c.Sql});";
        }
    }

    private sealed record Chunk(object?[][] Rows, int Count, string?[]? Terms);

    /// <summary>Longest text per column, seen while reading, for the index decision.</summary>
    private sealed class ColumnStats(int columns)
    {
        public int[] MaxLength { get; } = new int[columns];

        public bool[] ManyValues { get; } = new bool[columns];
    }

    /// <summary>
    /// Reads, types and analyzes rows on a thread of its own while the caller writes the previous chunk: the CSV parse and the
    /// CJK analysis cost about as much as the inserts. A few chunks in flight bound the memory whatever the table's size.
    /// </summary>
    private static async IAsyncEnumerable<Chunk> ReadAsync(DatastoreLayout layout, IEnumerable<object?[]> rows, ColumnStats stats,
        bool quote, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var textColumns = Enumerable.Range(0, layout.Columns.Count).Where(i => layout.Columns[i].FullText).ToArray();
        var caches = textColumns.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToArray();
        var producer = Task.Run(async () =>
        {
            try
            {
                var buffer = new object?[ChunkRows][];
                var n = 0;
                var reading = new Stopwatch();
                var analyzing = new Stopwatch();
                reading.Start();
                long rowNumber = 0;
                foreach (var source in rows)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    rowNumber++;
                    buffer[n++] = Coerce(layout, source, rowNumber, stats);
                    if (n == ChunkRows)
                    {
                        reading.Stop();
                        analyzing.Start();
                        var analyzed = Analyze(buffer, n);
                        analyzing.Stop();
                        await channel.Writer.WriteAsync(new Chunk(buffer, n, analyzed), stop.Token);
                        reading.Start();
                        buffer = new object?[ChunkRows][];
                        n = 0;
                    }
                }

                if (n > 0)
                {
                    await channel.Writer.WriteAsync(new Chunk(buffer, n, Analyze(buffer, n)), stop.Token);
                }

                channel.Writer.Complete();
                Time("read", reading);
                Time("analyze", analyzing);
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);

        string?[]? Analyze(object?[][] buffer, int n)
        {
            if (textColumns.Length == 0)
            {
                return null;
            }

            var result = new string?[n];
            var sb = new StringBuilder();
            for (var r = 0; r < n; r++)
            {
                var row = buffer[r];
                sb.Clear();
                for (var k = 0; k < textColumns.Length; k++)
                {
                    if (row[textColumns[k]] is not string { Length: > 0 } text)
                    {
                        continue;
                    }

                    // Short values repeat (districts, categories, statuses): their terms are worked out once per column.
                    string terms;
                    if (text.Length <= 40)
                    {
                        var cache = caches[k];
                        if (!cache.TryGetValue(text, out terms!))
                        {
                            terms = DatastoreTerms.Field(text, quote);
                            if (cache.Count < MaxIndexedTextValues)
                            {
                                cache[text] = terms;
                            }
                            else
                            {
                                stats.ManyValues[textColumns[k]] = true;
                            }
                        }
                    }
                    else
                    {
                        terms = DatastoreTerms.Field(text, quote);
                    }

                    if (terms.Length > 0)
                    {
                        sb.Append(sb.Length > 0 ? " " : string.Empty).Append(terms);
                    }
                }

                result[r] = sb.Length > 0 ? sb.ToString() : null;
            }

            return result;
        }

        try
        {
            await foreach (var chunk in channel.Reader.ReadAllAsync(ct))
            {
                yield return chunk;
            }
        }
        finally
        {
            // The producer completes the channel on any exception, so awaiting it only waits for the thread to let go of the rows.
            await stop.CancelAsync();
            await producer;
        }
    }

    /// <summary>A source row as the column types want it; a value of the wrong type is converted or rejected with its row.</summary>
    private static object?[] Coerce(DatastoreLayout layout, object?[] source, long rowNumber, ColumnStats stats)
    {
        var columns = layout.Columns;
        if (source.Length > columns.Count)
        {
            throw new InvalidDataException($"Row {rowNumber} has {source.Length} values for {columns.Count} fields.");
        }

        // A copy: readers may reuse their row array, and rows wait in chunks before they are written.
        var row = new object?[columns.Count];
        Array.Copy(source, row, source.Length);
        for (var i = 0; i < columns.Count; i++)
        {
            var v = row[i];
            if (v is null)
            {
                continue;
            }

            var kind = columns[i].Kind;
            switch (kind, v)
            {
                case (ColumnKind.Text, string s):
                    if (s.Length > stats.MaxLength[i])
                    {
                        stats.MaxLength[i] = s.Length;
                    }

                    break;
                case (ColumnKind.Integer, long) or (ColumnKind.Number, decimal or double) or (ColumnKind.Boolean, bool)
                    or (ColumnKind.Date, DateOnly) or (ColumnKind.Timestamp, DateTimeOffset or DateTime):
                    break;
                case (ColumnKind.Text, _):
                    row[i] = Convert.ToString(v, CultureInfo.InvariantCulture);
                    break;
                case (ColumnKind.Integer, int n):
                    row[i] = (long)n;
                    break;
                case (ColumnKind.Number, long or int):
                    row[i] = Convert.ToDecimal(v, CultureInfo.InvariantCulture);
                    break;
                case (_, string s):
                    try
                    {
                        row[i] = string.IsNullOrWhiteSpace(s) ? null : DatastoreValues.Parse(columns[i], s);
                    }
                    catch (DatastoreQueryException e)
                    {
                        throw new InvalidDataException($"Row {rowNumber}: {e.Message}", e);
                    }

                    break;
                default:
                    throw new InvalidDataException($"Row {rowNumber}: a {v.GetType().Name} cannot be stored in field \"{columns[i].Name}\" ({columns[i].CkanType}).");
            }
        }

        return row;
    }

    /// <summary>Reports rows written to the caller and, at each commit, to the resource for the progress staff see.</summary>
    private sealed class Progress(MadangDbContext db, Guid resourceId, IProgress<long>? progress)
    {
        public async Task ReportAsync(long count, CancellationToken ct)
        {
            progress?.Report(count);
            await db.Set<DataResource>().Where(r => r.Id == resourceId).ExecuteUpdateAsync(s => s.SetProperty(r => r.DatastoreProgress, count), ct);
        }
    }
}
