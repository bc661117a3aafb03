using System.Data;
using System.Data.Common;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Search;

/// <summary>Dates as a <see cref="SearchDocument"/> should carry them, for a live write and a rebuild to hash alike.</summary>
public static class SearchDates
{
    /// <summary>
    /// UTC, to whole microseconds: what both databases give back (SQLite keeps UTC ticks, PostgreSQL's timestamptz keeps
    /// microseconds in UTC). A document built from an in-memory date (a local offset, 100 ns ticks) would otherwise hash
    /// differently from the same document read back, and <c>search check</c> would report it stale.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset date)
    {
        var utc = date.UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}

/// <summary>Where a reindex stands: how many of a type's keys are done.</summary>
public sealed record ReindexProgress(string Type, int Done, int Total);

/// <summary>What a reindex did to one type.</summary>
public sealed record ReindexOutcome(string Type, long Generation, bool Resumed, int Keys, int Written, int Removed, int Swept);

/// <summary>What <see cref="SearchReindexer.ReindexAsync"/> did; <see cref="Unowned"/> counts entries of types no source owns.</summary>
public sealed record ReindexReport(IReadOnlyList<ReindexOutcome> Types, IReadOnlyDictionary<string, int> Unowned);

/// <summary>How one type's entries differ from what its source would write now. Examples are keys, never text.</summary>
public sealed record TypeDrift(string Type, int SourceCount, int EntryCount, int Missing, int Extra, int Stale,
    IReadOnlyList<string> MissingExamples, IReadOnlyList<string> ExtraExamples, IReadOnlyList<string> StaleExamples)
{
    public bool HasDrift => Missing + Extra + Stale > 0;
}

/// <summary>What <see cref="SearchReindexer.CheckAsync"/> found.</summary>
public sealed record CheckReport(IReadOnlyList<TypeDrift> Types, IReadOnlyDictionary<string, int> Unowned)
{
    public bool HasDrift => Types.Any(t => t.HasDrift);
}

/// <summary>
/// <c>search reindex</c> and <c>search check</c>: rebuild the index from the modules' <see cref="ISearchSource"/>s while searches
/// keep working, and compare the two.
/// </summary>
/// <remarks>
/// A rebuild writes in place, batch by batch, each batch its own transaction: searches see the old entry or the new one, never
/// an empty index. Every entry a run writes (or finds unchanged) is stamped with the run's generation; at the end, entries of
/// older generations not written since the run started belong to content that is gone and are swept. A killed run leaves its
/// generation open in <see cref="SearchReindexState"/>, and the next run resumes it, skipping keys already stamped.
/// </remarks>
public sealed class SearchReindexer(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Keys per transaction: enough to amortise a commit, few enough that a live write waits briefly for the lock.</summary>
    public const int DefaultBatch = 500;

    private const int MaxAttempts = 20;

    private const int Examples = 5;

    /// <summary>Rebuilds the entries of every type with a source, or only <paramref name="type"/>.</summary>
    public async Task<ReindexReport> ReindexAsync(string? type, int batch, Action<ReindexProgress>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var types = await TypesAsync(type);
        await BeginBulkAsync(ct);
        var outcomes = new List<ReindexOutcome>();
        try
        {
            foreach (var t in types)
            {
                outcomes.Add(await ReindexTypeAsync(t, batch, progress, ct));
            }
        }
        catch
        {
            // Live writes go on merging as before; the segments this run wrote are merged by the run that completes it.
            await SetMergingAsync(bulk: false, CancellationToken.None);
            throw;
        }

        var unowned = type is null ? await UnownedAsync(types, ct) : new Dictionary<string, int>();
        await OptimizeAsync(ct, rewritten: outcomes.Sum(o => (long)o.Written + o.Removed + o.Swept));
        return new ReindexReport(outcomes, unowned);
    }

    /// <summary>
    /// Before writing many entries (SQLite): FTS5 stops merging segments as it goes, except when a level holds
    /// <see cref="BulkCrisisMerge"/> of them, and <see cref="OptimizeAsync"/> merges them all once at the end and restores
    /// FTS5's defaults. Merging four segments at a time as the index grows rewrote each entry once per level, and made a
    /// build slower the larger the index: 1,841 documents/s at the 300,000th and falling, against 2,197 (2,094 with the
    /// final merge) (decision 0011). A run that fails restores the defaults; one killed leaves the setting until the next completes, and
    /// queries meanwhile seek in more segments. PostgreSQL: nothing to do.
    /// </summary>
    public Task BeginBulkAsync(CancellationToken ct) => SetMergingAsync(bulk: true, ct);

    private async Task SetMergingAsync(bool bulk, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        if (db.IsSqlite)
        {
            await SetMergingAsync(db, bulk, ct);
        }
    }

    /// <summary>Segments on one level that FTS5 merges even during a bulk build.</summary>
    private const int BulkCrisisMerge = 64;

    // FTS5's own defaults: merge four segments of a level as they come, all of a level once it holds sixteen.
    private const int DefaultAutoMerge = 4;
    private const int DefaultCrisisMerge = 16;

    private static async Task SetMergingAsync(MadangDbContext db, bool bulk, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync(FormattableString.Invariant($"""
            INSERT INTO core_search_fts(core_search_fts, rank) VALUES('automerge', {(bulk ? 0 : DefaultAutoMerge)});
            INSERT INTO core_search_fts(core_search_fts, rank) VALUES('crisismerge', {(bulk ? BulkCrisisMerge : DefaultCrisisMerge)});
            """), ct);

    /// <summary>
    /// Brings the full-text index to the shape a query reads fastest. SQLite: FTS5 keeps what each commit wrote as a
    /// segment and merges them only a few at a time, so an index built batch by batch holds many, and every query seeks
    /// in each; merging them all (a million documents: 6.7 GB, about 25 s) takes a quarter to a third off queries' time
    /// (decision 0011). It is done in steps of its own short transactions, so live writes wait for one step, not the whole
    /// merge. PostgreSQL: GIN's pending list is moved into the index and the planner's statistics (from which ranking takes
    /// its idf) are refreshed.
    /// </summary>
    /// <param name="rewritten">Entries the caller has just written or removed: PostgreSQL's activity counters, from which
    /// the statistics' freshness is judged, reach the server up to seconds after a write.</param>
    public async Task OptimizeAsync(CancellationToken ct, Action<int>? step = null, long rewritten = 0)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        if (!db.IsSqlite)
        {
            // After a bulk load the pending list holds what autovacuum has not merged yet: more than the default 30 s' work.
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            await db.Database.ExecuteSqlRawAsync("SELECT gin_clean_pending_list('ix_core_search_entries_vector'::regclass)", ct);
            // ANALYZE reads a large sample (the vector's statistics target is 10,000): at a million rows two minutes, and
            // the buffer cache it evicts. Statistics still fresh (under 1 % of rows changed since) are kept.
            await db.Database.OpenConnectionAsync(ct);
            var stale = await ScalarAsync(db.Database.GetDbConnection(), FormattableString.Invariant($"""
                SELECT COALESCE((SELECT (last_analyze IS NULL AND last_autoanalyze IS NULL)::int
                                        + (n_mod_since_analyze + {rewritten} > GREATEST(n_live_tup, 1) / 100)::int
                                 FROM pg_stat_user_tables WHERE relid = 'core_search_entries'::regclass), 1)
                """), ct);
            if (stale > 0)
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE core_search_entries", ct);
            }

            await WarmAsync(db.Database.GetDbConnection(), ct);
            step?.Invoke(1);
            return;
        }

        await SetMergingAsync(db, bulk: false, ct);
        await db.Database.OpenConnectionAsync(ct);
        var conn = db.Database.GetDbConnection();
        for (var steps = 1; ; steps++)
        {
            // A negative budget merges segments of any level (FTS5's 'merge' command); fewer than two rows changed means
            // nothing was left to merge.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var before = await ScalarAsync(conn, "SELECT total_changes()", ct);
            await using (var merge = conn.CreateCommand())
            {
                merge.CommandText = FormattableString.Invariant($"INSERT INTO core_search_fts(core_search_fts, rank) VALUES('merge', -{MergePages})");
                await merge.ExecuteNonQueryAsync(ct);
            }

            var changed = await ScalarAsync(conn, "SELECT total_changes()", ct) - before;
            await tx.CommitAsync(ct);
            step?.Invoke(steps);
            if (changed < 2)
            {
                return;
            }
        }
    }

    /// <summary>Pages one merge step writes (FTS5's 'merge' budget): a live write waits for at most one step.</summary>
    private const int MergePages = 4000;

    /// <summary>
    /// Loads the entries table and its indexes into PostgreSQL's buffer cache, indexes first, as far as 60 % of
    /// shared_buffers holds them. A bulk load writes through a small ring of buffers and ANALYZE's sample fills the cache
    /// with TOAST pages, so after a reindex the cache held little of either: every first search read its pages from the
    /// operating system (a million rows: p95 53 ms on the first pass, 35–47 ms once warm). Needs the pg_prewarm extension,
    /// which only a superuser creates: without it nothing is warmed and searches warm the cache themselves.
    /// </summary>
    private static async Task WarmAsync(DbConnection conn, CancellationToken ct)
    {
        if (await ScalarAsync(conn, "SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_prewarm'", ct) == 0)
        {
            if (await ScalarAsync(conn, "SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'pg_prewarm'", ct) == 0)
            {
                return;
            }

            try
            {
                await using var create = conn.CreateCommand();
                create.CommandText = "CREATE EXTENSION IF NOT EXISTS pg_prewarm";
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (DbException)
            {
                // Not ours to create: the cache warms as searches read it.
                return;
            }
        }

        await using var warm = conn.CreateCommand();
        // Gigabytes at a million rows: seconds from the operating system's cache, longer from disk.
        warm.CommandTimeout = 3600;
        warm.CommandText = """
            WITH r AS (
                SELECT c.oid, pg_relation_size(c.oid) AS size, c.relkind = 'r' AS heap
                FROM pg_class c
                WHERE c.oid = 'core_search_entries'::regclass
                   OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'core_search_entries'::regclass)
            ), o AS (
                SELECT oid, SUM(size) OVER (ORDER BY heap, size, oid) AS upto FROM r
            )
            SELECT COALESCE(SUM(pg_prewarm(oid::regclass)), 0) FROM o
            WHERE upto <= (SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers') * current_setting('block_size')::bigint * 6 / 10
            """;
        await warm.ExecuteScalarAsync(ct);
    }

    private static async Task<long> ScalarAsync(DbConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Compares every source (or <paramref name="type"/>'s) with its entries: missing, extra and stale entries.</summary>
    public async Task<CheckReport> CheckAsync(string? type, int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var types = await TypesAsync(type);
        var drifts = new List<TypeDrift>();
        foreach (var t in types)
        {
            drifts.Add(await CheckTypeAsync(t, batch, ct));
        }

        return new CheckReport(drifts, type is null ? await UnownedAsync(types, ct) : new Dictionary<string, int>());
    }

    private async Task<List<string>> TypesAsync(string? type)
    {
        await using var scope = scopes.CreateAsyncScope();
        var all = scope.ServiceProvider.GetServices<ISearchSource>().Select(s => s.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (type is null)
        {
            return all;
        }

        return all.Contains(type, StringComparer.Ordinal)
            ? [type]
            : throw new ArgumentException($"No module indexes the type '{type}'. Types: {string.Join(", ", all)}.", nameof(type));
    }

    private async Task<Dictionary<string, int>> UnownedAsync(List<string> owned, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        return await db.SearchEntries.Where(e => !owned.Contains(e.Type)).GroupBy(e => e.Type)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    private async Task<ReindexOutcome> ReindexTypeAsync(string type, int batch, Action<ReindexProgress>? progress, CancellationToken ct)
    {
        var (generation, startedAt, resumed) = await BeginAsync(type, ct);
        // Keys are listed after the run's start is recorded: content published later is either listed or written live after
        // the start, so the final sweep never takes it.
        var keys = await KeysAsync(type, ct);
        progress?.Invoke(new ReindexProgress(type, 0, keys.Count));
        int written = 0, removed = 0;
        for (var at = 0; at < keys.Count; at += batch)
        {
            var chunk = keys.GetRange(at, Math.Min(batch, keys.Count - at));
            var (w, r) = await RetryAsync(() => BatchAsync(type, generation, chunk, at + chunk.Count, ct), ct);
            written += w;
            removed += r;
            progress?.Invoke(new ReindexProgress(type, at + chunk.Count, keys.Count));
        }

        var swept = await RetryAsync(() => FinishAsync(type, generation, startedAt, ct), ct);
        return new ReindexOutcome(type, generation, resumed, keys.Count, written, removed, swept);
    }

    /// <summary>Opens a new generation, or returns the unfinished one a killed run left.</summary>
    private async Task<(long Generation, DateTimeOffset StartedAt, bool Resumed)> BeginAsync(string type, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var state = await db.SearchReindexStates.SingleOrDefaultAsync(s => s.Type == type, ct);
        if (state is { CompletedAt: null })
        {
            return (state.Generation, state.StartedAt, true);
        }

        // Entries may carry a generation above the state's if the state row was lost: a new run must stamp above them all.
        var highest = await db.SearchEntries.Where(e => e.Type == type).MaxAsync(e => (long?)e.Generation, ct) ?? 0;
        if (state is null)
        {
            state = new SearchReindexState { Type = type };
            db.SearchReindexStates.Add(state);
        }

        state.Generation = Math.Max(state.Generation, highest) + 1;
        state.StartedAt = clock.GetUtcNow();
        state.CompletedAt = null;
        state.Processed = 0;
        await db.SaveChangesAsync(ct);
        return (state.Generation, state.StartedAt, false);
    }

    private async Task<List<string>> KeysAsync(string type, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in Source(scope.ServiceProvider, type).KeysAsync(ct))
        {
            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static ISearchSource Source(IServiceProvider services, string type) =>
        services.GetServices<ISearchSource>().First(s => s.Type == type);

    /// <summary>One batch in one transaction: the source's documents read and their entries written together, so a change
    /// committed meanwhile (a withdrawal) either comes before the read or makes this transaction retry.</summary>
    private async Task<(int Written, int Removed)> BatchAsync(string type, long generation, List<string> chunk, int position, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var index = (SearchIndex)scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        await using var tx = await BeginSerializableAsync(db, ct);
        // A resumed run skips what the killed one finished; a live write since then left its entry current anyway.
        var done = await db.SearchEntries.AsNoTracking().Where(e => e.Type == type && chunk.Contains(e.Key) && e.Generation >= generation)
            .Select(e => e.Key).ToListAsync(ct);
        var todo = chunk.Except(done, StringComparer.Ordinal).ToList();
        int written = 0, removed = 0;
        if (todo.Count > 0)
        {
            await index.PrepareAsync(type, todo, ct);
            var wanted = todo.ToHashSet(StringComparer.Ordinal);
            var read = new HashSet<string>(StringComparer.Ordinal);
            var docs = new List<SearchDocument>(todo.Count);
            foreach (var doc in await Source(scope.ServiceProvider, type).ReadAsync(todo, ct))
            {
                if (doc.Type == type && wanted.Contains(doc.Key) && read.Add(doc.Key))
                {
                    docs.Add(doc);
                }
            }

            await index.UpsertManyAsync(docs, generation, ct);
            written = docs.Count;

            foreach (var key in todo.Where(k => !read.Contains(k)))
            {
                // Listed but no longer to be indexed (withdrawn or made private since the keys were read).
                await index.RemoveAsync(type, key, ct);
                removed++;
            }
        }

        var state = await db.SearchReindexStates.SingleAsync(s => s.Type == type, ct);
        state.Processed = position;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (written, removed);
    }

    /// <summary>Sweeps what the run did not stamp and was not written since it started, and closes the generation.</summary>
    private async Task<int> FinishAsync(string type, long generation, DateTimeOffset startedAt, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await using var tx = await BeginSerializableAsync(db, ct);
        var swept = await db.SearchEntries.Where(e => e.Type == type && e.Generation < generation && e.UpdatedAt < startedAt).ExecuteDeleteAsync(ct);
        var state = await db.SearchReindexStates.SingleAsync(s => s.Type == type, ct);
        state.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return swept;
    }

    /// <summary>PostgreSQL: SERIALIZABLE, so that reading content and writing its entry cannot interleave with a withdrawal.
    /// SQLite: its default BEGIN IMMEDIATE takes the write lock at once, which serialises writers already.</summary>
    private static Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSerializableAsync(MadangDbContext db, CancellationToken ct) =>
        db.IsSqlite ? db.Database.BeginTransactionAsync(ct) : db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);

    private static async Task<T> RetryAsync<T>(Func<Task<T>> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (attempt < MaxAttempts && IsSerializationFailure(e))
            {
                // Another transaction touched the same rows; backing off a little, randomly, keeps two retries from colliding again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * Math.Min(attempt, 10))), ct);
            }
        }
    }

    /// <summary>PostgreSQL's serialization failure (40001) or deadlock (40P01), however EF wrapped it.</summary>
    internal static bool IsSerializationFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException { SqlState: "40001" or "40P01" })
            {
                return true;
            }
        }

        return false;
    }

    private async Task<TypeDrift> CheckTypeAsync(string type, int batch, CancellationToken ct)
    {
        var keys = await KeysAsync(type, ct);
        var expected = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
        for (var at = 0; at < keys.Count; at += batch)
        {
            // A scope per batch: the source's reads do not pile up in one change tracker.
            await using var scope = scopes.CreateAsyncScope();
            var chunk = keys.GetRange(at, Math.Min(batch, keys.Count - at));
            foreach (var doc in await Source(scope.ServiceProvider, type).ReadAsync(chunk, ct))
            {
                if (doc.Type == type)
                {
                    expected[doc.Key] = SearchIndex.Hash(doc);
                }
            }
        }

        var missing = new HashSet<string>(expected.Keys, StringComparer.Ordinal);
        List<string> extra = [], stale = [];
        var entries = 0;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            await foreach (var e in db.SearchEntries.AsNoTracking().Where(e => e.Type == type).Select(e => new { e.Key, e.ContentHash }).AsAsyncEnumerable().WithCancellation(ct))
            {
                entries++;
                if (!expected.TryGetValue(e.Key, out var hash))
                {
                    extra.Add(e.Key);
                    continue;
                }

                missing.Remove(e.Key);
                if (!string.Equals(hash, e.ContentHash, StringComparison.Ordinal))
                {
                    stale.Add(e.Key);
                }
            }
        }

        return new TypeDrift(type, expected.Count, entries, missing.Count, extra.Count, stale.Count,
            missing.Order(StringComparer.Ordinal).Take(Examples).ToList(), extra.Order(StringComparer.Ordinal).Take(Examples).ToList(),
            stale.Order(StringComparer.Ordinal).Take(Examples).ToList());
    }
}
