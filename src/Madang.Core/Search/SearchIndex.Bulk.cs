using System.Data.Common;
using System.Text;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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

        var dialect = Dialect;
        var prepared = new Prepared[changed.Count];
        Parallel.For(0, changed.Count, new ParallelOptions { CancellationToken = ct }, i => prepared[i] = Prepared.Of(changed[i].Document, changed[i].Hash, dialect));
        var fresh = new List<Prepared>();
        for (var i = 0; i < changed.Count; i++)
        {
            if (changed[i].Entry is null && absent.Remove((changed[i].Document.Type, changed[i].Document.Key)))
            {
                fresh.Add(prepared[i]);
            }
            else
            {
                await WriteAsync(changed[i].Entry, prepared[i], generation, ct);
            }
        }

        if (fresh.Count > 0)
        {
            await new BulkInsert(db, transaction.GetDbTransaction()).RunAsync(fresh, generation, clock.GetUtcNow(), ct);
        }
    }

    /// <summary>Inserts new entries and their suggestions with the columns, names and value conversions of the EF model, so
    /// that a row written here reads back exactly as one the change tracker wrote.</summary>
    private sealed class BulkInsert(MadangDbContext db, DbTransaction transaction)
    {
        // SQLite is in-process, so a prepared one-row statement costs no round trip (and Microsoft.Data.Sqlite checks every
        // placeholder of a statement against its parameter list, quadratic in a many-row statement). PostgreSQL answers per
        // round trip, so rows are sent many to a statement.
        private int EntriesPerStatement => db.IsSqlite ? 1 : 100;

        private int SuggestionsPerStatement => db.IsSqlite ? 1 : 500;

        public async Task RunAsync(List<Prepared> rows, long generation, DateTimeOffset now, CancellationToken ct)
        {
            var entryType = db.Model.FindEntityType(typeof(SearchEntry))!;
            var entryColumns = entryType.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
            var entries = rows.Select(r =>
            {
                var e = new SearchEntry { Type = r.Document.Type, Key = r.Document.Key, Title = r.Document.Title, Url = r.Document.Url };
                r.CopyTo(e, generation, now);
                return e;
            }).ToList();

            var ids = new Dictionary<(string, string), long>(entries.Count);
            var key = entryType.FindPrimaryKey()!.Properties[0];
            var returning = $" RETURNING {Quote(key.GetColumnName())}, {Column(entryType, nameof(SearchEntry.Type))}, {Column(entryType, nameof(SearchEntry.Key))}";
            await InsertAsync(entryType, entryColumns, entries, EntriesPerStatement, returning, async reader =>
            {
                while (await reader.ReadAsync(ct))
                {
                    ids[(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(0);
                }
            }, ct);

            var suggestionType = db.Model.FindEntityType(typeof(SearchSuggestionEntry))!;
            var suggestionColumns = suggestionType.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
            var suggestions = rows.SelectMany(r => r.Suggestions.Select(s => new SearchSuggestionEntry
            {
                EntryId = ids[(r.Document.Type, r.Document.Key)],
                Normalized = s.Normalized,
                Text = s.Text,
                IsTitle = s.IsTitle,
            })).ToList();
            await InsertAsync(suggestionType, suggestionColumns, suggestions, SuggestionsPerStatement, null, null, ct);
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
