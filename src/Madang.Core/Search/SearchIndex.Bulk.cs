using System.Data.Common;
using System.Text;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Madang.Core.Search;

public sealed partial class SearchIndex
{
    public Task UpsertManyAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default) => UpsertManyAsync(documents, 0, ct);

    /// <summary>
    /// Upserts many documents as a sequence of <see cref="UpsertAsync(SearchDocument, CancellationToken)"/> would, faster:
    /// documents are analysed on every core, and entries that do not exist yet are inserted at once through the open
    /// transaction with prepared statements instead of the change tracker, which cost more than the full-text engine itself
    /// when a whole index is built. Entries that exist go through the unit of work as usual.
    /// </summary>
    internal async Task UpsertManyAsync(IReadOnlyList<SearchDocument> documents, long generation, CancellationToken ct)
    {
        Watch();
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("UpsertManyAsync writes new entries at once: call it inside a transaction, which the caller commits after SaveChanges.");

        // The last document of a (type, key) wins, as it would with one upsert after another.
        var latest = new Dictionary<(string, string), SearchDocument>();
        foreach (var d in documents)
        {
            latest[(d.Type, d.Key)] = d;
        }

        var docs = latest.Values.ToList();
        foreach (var group in docs.GroupBy(d => d.Type, StringComparer.Ordinal))
        {
            // PrepareAsync finds an entry the tracker already holds too (the query resolves to the tracked instance), so
            // no scan of the tracker is needed: after it every key is known or absent.
            var unknown = group.Where(d => !absent.Contains((d.Type, d.Key)) && Known((d.Type, d.Key)) is null).Select(d => d.Key).ToList();
            if (unknown.Count > 0)
            {
                await PrepareAsync(group.Key, unknown, ct);
            }
        }

        var hashes = new string[docs.Count];
        Parallel.For(0, docs.Count, new ParallelOptions { CancellationToken = ct }, i => hashes[i] = Hash(docs[i]));
        var changed = new List<(SearchEntry? Entry, SearchDocument Document, string Hash)>();
        for (var i = 0; i < docs.Count; i++)
        {
            var id = (docs[i].Type, docs[i].Key);
            var entry = absent.Contains(id) ? null : Known(id);
            if (entry is not null && entry.ContentHash == hashes[i])
            {
                entry.Generation = Math.Max(entry.Generation, generation);
                continue;
            }

            changed.Add((entry, docs[i], hashes[i]));
        }

        // Entries that exist go through the unit of work; new ones are written at once (their analysis may overlap the write).
        var fresh = new List<(SearchDocument Document, string Hash)>();
        var existing = new List<(SearchEntry? Entry, SearchDocument Document, string Hash)>();
        foreach (var c in changed)
        {
            if (c.Entry is null && absent.Remove((c.Document.Type, c.Document.Key)))
            {
                fresh.Add((c.Document, c.Hash));
            }
            else
            {
                existing.Add(c);
            }
        }

        var dialect = Dialect;
        var prepared = PrepareAll(existing.Select(c => (c.Document, c.Hash)).ToList(), dialect, ct);
        for (var i = 0; i < existing.Count; i++)
        {
            await WriteAsync(existing[i].Entry, prepared[i], generation, ct);
        }

        if (fresh.Count > 0)
        {
            await new BulkInsert(db, transaction.GetDbTransaction()).RunAsync(fresh, dialect, generation, clock.GetUtcNow(), ct);
        }
    }

    /// <summary>Analyses documents on every core.</summary>
    private static Prepared[] PrepareAll(List<(SearchDocument Document, string Hash)> docs, ISearchDialect dialect, CancellationToken ct,
        bool vectors = false)
    {
        var prepared = new Prepared[docs.Count];
        Parallel.For(0, docs.Count, new ParallelOptions { CancellationToken = ct },
            i => prepared[i] = Prepared.Of(docs[i].Document, docs[i].Hash, dialect, vectors));
        return prepared;
    }

    /// <summary>Inserts new entries and their suggestions with the columns, names and value conversions of the EF model, so
    /// that a row written here reads back exactly as one the change tracker wrote.</summary>
    private sealed class BulkInsert(MadangDbContext db, DbTransaction transaction)
    {
        /// <summary>The tsvector the trigger would build from the terms, sent ready-made (<see cref="PostgresVector"/>).</summary>
        private const string VectorColumn = "SearchVector";

        /// <summary>Documents analysed while the previous ones are written.</summary>
        private const int PipelineChunk = 200;

        public async Task RunAsync(List<(SearchDocument Document, string Hash)> docs, ISearchDialect dialect, long generation, DateTimeOffset now,
            CancellationToken ct)
        {
            var entryType = db.Model.FindEntityType(typeof(SearchEntry))!;
            var entryColumns = entryType.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
            var key = entryType.FindPrimaryKey()!.Properties[0];
            var suggestionType = db.Model.FindEntityType(typeof(SearchSuggestionEntry))!;
            var suggestionColumns = suggestionType.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
            var suggestions = new List<SearchSuggestionEntry>();
            void Suggest(Prepared r, long id) => suggestions.AddRange(r.Suggestions.Select(s => new SearchSuggestionEntry
            {
                EntryId = id,
                Normalized = s.Normalized,
                Text = s.Text,
                IsTitle = s.IsTitle,
            }));
            SearchEntry Entry(Prepared r)
            {
                var e = new SearchEntry { Type = r.Document.Type, Key = r.Document.Key, Title = r.Document.Title, Url = r.Document.Url };
                r.CopyTo(e, generation, now);
                return e;
            }

            if (transaction.Connection is NpgsqlConnection npgsql)
            {
                // COPY returns no ids, and suggestions need their entry's: the ids are drawn from the column's own sequence first.
                // The server stores one chunk while the next is analysed: done one after the other, each side waited for the
                // other (the server was busy three quarters of the time). Each row brings its vector in binary, which the server
                // would otherwise parse from the terms text.
                // GIN files new rows in a pending list and moves them into the index when it passes its limit (4 MB), a
                // batch sorted in memory per lexeme: larger batches while bulk writing reach each lexeme's posting tree fewer
                // times. For this transaction only.
                await using (var settings = new NpgsqlCommand("SET LOCAL gin_pending_list_limit = '32MB'; SET LOCAL work_mem = '128MB'; SET LOCAL maintenance_work_mem = '256MB'", npgsql, (NpgsqlTransaction)transaction))
                {
                    await settings.ExecuteNonQueryAsync(ct);
                }

                var ids = await DrawIdsAsync(npgsql, entryType, key, docs.Count, ct);
                var copy = new Copy(this, npgsql, entryType, [key, .. entryColumns], VectorColumn);
                await using (var writer = await copy.BeginAsync(ct))
                {
                    var at = 0;
                    await foreach (var ready in AnalysedAsync(docs, dialect, vectors: true, ct))
                    {
                        foreach (var r in ready)
                        {
                            var e = Entry(r);
                            e.Id = ids[at++];
                            await copy.WriteAsync(writer, e, ct, r.Vector);
                            Suggest(r, e.Id);
                        }
                    }

                    await writer.CompleteAsync(ct);
                }

                var suggestionCopy = new Copy(this, npgsql, suggestionType, suggestionColumns);
                await using (var writer = await suggestionCopy.BeginAsync(ct))
                {
                    foreach (var s in suggestions)
                    {
                        await suggestionCopy.WriteAsync(writer, s, ct);
                    }

                    await writer.CompleteAsync(ct);
                }

                return;
            }

            // SQLite: the row is written without its terms (the insert trigger indexes only rows that carry them) and the
            // terms go straight into FTS5, so the terms never pass through the row's overflow pages to be cleared again.
            // The next chunk is analysed while this one is written.
            await using var fts = transaction.Connection!.CreateCommand();
            fts.Transaction = transaction;
            // The connection keeps it for the next batch (SqlitePragmas does not shrink it back).
            fts.CommandText = FormattableString.Invariant($"PRAGMA cache_size={SqlitePragmas.BulkCacheSize}");
            await fts.ExecuteNonQueryAsync(ct);
            fts.CommandText = "INSERT INTO core_search_fts(rowid, \"TitleTerms\", \"BodyTerms\") VALUES ($id, $t, $b)";
            var (ftsId, ftsTitle, ftsBody) = (Parameter(fts, "$id"), Parameter(fts, "$t"), Parameter(fts, "$b"));
            var returning = $" RETURNING {Quote(key.GetColumnName())}, {Column(entryType, nameof(SearchEntry.Type))}, {Column(entryType, nameof(SearchEntry.Key))}";
            await foreach (var rows in AnalysedAsync(docs, dialect, vectors: false, ct))
            {
                var entries = rows.Select(Entry).ToList();
                foreach (var e in entries)
                {
                    e.TitleTerms = Cleared;
                    e.BodyTerms = Cleared;
                }

                var byKey = new Dictionary<(string, string), long>(entries.Count);
                await InsertAsync(entryType, entryColumns, entries, EntriesPerStatement, returning, async reader =>
                {
                    while (await reader.ReadAsync(ct))
                    {
                        byKey[(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(0);
                    }
                }, ct);
                foreach (var r in rows)
                {
                    var id = byKey[(r.Document.Type, r.Document.Key)];
                    Suggest(r, id);
                    (ftsId.Value, ftsTitle.Value, ftsBody.Value) = (id, r.TitleTerms, r.BodyTerms);
                    await fts.ExecuteNonQueryAsync(ct);
                }
            }

            await InsertAsync(suggestionType, suggestionColumns, suggestions, SuggestionsPerStatement, null, null, ct);
        }

        /// <summary>The documents analysed a chunk at a time, the next chunk while the caller writes this one: writing takes
        /// one core (or the server's), analysis the others.</summary>
        private static async IAsyncEnumerable<Prepared[]> AnalysedAsync(List<(SearchDocument Document, string Hash)> docs, ISearchDialect dialect,
            bool vectors, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            var chunks = docs.Chunk(PipelineChunk).Select(c => c.ToList()).ToList();
            var next = Task.Run(() => PrepareAll(chunks[0], dialect, ct, vectors), ct);
            for (var k = 0; k < chunks.Count; k++)
            {
                var ready = await next;
                if (k + 1 < chunks.Count)
                {
                    var following = chunks[k + 1];
                    next = Task.Run(() => PrepareAll(following, dialect, ct, vectors), ct);
                }

                yield return ready;
            }
        }

        /// <summary>What the terms columns hold once indexed (no analysed text is a single space).</summary>
        private const string Cleared = " ";

        private static DbParameter Parameter(DbCommand cmd, string name)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            cmd.Parameters.Add(p);
            return p;
        }

        // SQLite is in-process, so a prepared one-row statement costs no round trip (and Microsoft.Data.Sqlite checks every
        // placeholder of a statement against its parameter list, quadratic in a many-row statement).
        private const int EntriesPerStatement = 1;

        private const int SuggestionsPerStatement = 1;

        private async Task<long[]> DrawIdsAsync(NpgsqlConnection conn, IEntityType type, IProperty key, int count, CancellationToken ct)
        {
            await using var cmd = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @count)", conn,
                (NpgsqlTransaction)transaction);
            cmd.Parameters.AddWithValue("table", Quote(type.GetTableName()!));
            cmd.Parameters.AddWithValue("column", key.GetColumnName());
            cmd.Parameters.AddWithValue("count", count);
            var ids = new long[count];
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++)
            {
                ids[i] = reader.GetInt64(0);
            }

            return ids;
        }

        /// <summary>
        /// PostgreSQL: rows sent by binary COPY. As many-row INSERT statements, the server spent more time binding and planning
        /// their thousands of parameters than storing the rows. Values pass through the model's converters, as parameters do.
        /// </summary>
        private sealed class Copy(BulkInsert owner, NpgsqlConnection conn, IEntityType type, List<IProperty> columns, string? raw = null)
        {
            private readonly List<Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?> converters =
                columns.Select(c => c.GetTypeMapping().Converter).ToList();

            public Task<NpgsqlBinaryImporter> BeginAsync(CancellationToken ct) => conn.BeginBinaryImportAsync(
                $"COPY {owner.Quote(type.GetTableName()!)} ({string.Join(", ", columns.Select(c => owner.Quote(c.GetColumnName())).Concat(raw is null ? [] : [owner.Quote(raw)]))}) FROM STDIN (FORMAT BINARY)", ct);

            /// <param name="rawValue">The value of the column outside the model, already in the server's binary format (binary
            /// COPY sends each field as bytes the column's type reads).</param>
            public async Task WriteAsync(NpgsqlBinaryImporter writer, object row, CancellationToken ct, byte[]? rawValue = null)
            {
                await writer.StartRowAsync(ct);
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = columns[c].PropertyInfo!.GetValue(row);
                    if (value is not null && converters[c] is { } converter)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    await (value switch
                    {
                        null => writer.WriteNullAsync(ct),
                        string v => writer.WriteAsync(v, NpgsqlDbType.Text, ct),
                        long v => writer.WriteAsync(v, NpgsqlDbType.Bigint, ct),
                        int v => writer.WriteAsync(v, NpgsqlDbType.Integer, ct),
                        bool v => writer.WriteAsync(v, NpgsqlDbType.Boolean, ct),
                        Guid v => writer.WriteAsync(v, NpgsqlDbType.Uuid, ct),
                        DateTimeOffset v => writer.WriteAsync(v.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct),
                        _ => throw new NotSupportedException($"{type.GetTableName()}.{columns[c].GetColumnName()}: no COPY format for {value.GetType()}"),
                    });
                }

                if (raw is not null)
                {
                    await writer.WriteAsync(rawValue ?? throw new ArgumentNullException(nameof(rawValue)), NpgsqlDbType.Bytea, ct);
                }
            }
        }

        private async Task InsertAsync<T>(IEntityType type, List<IProperty> columns, List<T> rows, int perStatement, string? returning,
            Func<DbDataReader, Task>? read, CancellationToken ct)
            where T : class
        {
            await using var cmd = transaction.Connection!.CreateCommand();
            cmd.Transaction = transaction;
            var mappings = columns.Select(c => c.GetRelationalTypeMapping()).ToList();
            var head = $"INSERT INTO {Quote(type.GetTableName()!)} ({string.Join(", ", columns.Select(c => Quote(c.GetColumnName())))}) VALUES ";
            var shape = 0;
            for (var at = 0; at < rows.Count; at += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - at);
                if (count != shape)
                {
                    // The same text keeps the statement prepared; only the last, shorter chunk needs another.
                    (cmd.CommandText, shape) = (Statement(head, columns.Count, count, returning), count);
                }

                cmd.Parameters.Clear();
                for (var r = 0; r < count; r++)
                {
                    var row = rows[at + r];
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var value = columns[c].PropertyInfo!.GetValue(row);
                        cmd.Parameters.Add(mappings[c].CreateParameter(cmd, Param(r * columns.Count + c), value, columns[c].IsNullable));
                    }
                }

                if (read is null)
                {
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                else
                {
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    await read(reader);
                }
            }
        }

        private string Statement(string head, int columns, int rows, string? returning)
        {
            var sb = new StringBuilder(head);
            for (var r = 0; r < rows; r++)
            {
                sb.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns; c++)
                {
                    sb.Append(c == 0 ? string.Empty : ", ").Append(Placeholder(r * columns + c));
                }

                sb.Append(')');
            }

            return sb.Append(returning).ToString();
        }

        private static string Param(int i) => "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private string Placeholder(int i) => (db.IsSqlite ? "$" : "@") + Param(i);

        private string Column(IEntityType type, string property) => Quote(type.FindProperty(property)!.GetColumnName());

        private string Quote(string name) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(name);
    }
}
