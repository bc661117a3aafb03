using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Madang.Bench;

/// <summary>
/// bench/run search: N generated documents indexed through <see cref="ISearchIndex"/>, the index's size against the text's,
/// then a fixed mix of 1,000 search-log-like queries through SearchAsync as the /search page asks them (relevance, newest,
/// deep page, and without facets) against the engine's own bare full-text query on the same database, in the same run.
/// </summary>
/// <remarks>
/// <c>--keep PATH</c> builds into a SQLite file (or a PostgreSQL database named PATH) that stays after the run;
/// <c>--reuse PATH</c> skips the build and only measures, so query work at 1,000,000 documents costs minutes, not an hour.
/// </remarks>
public static class SearchBench
{
    private const int BatchSize = 1000;
    private const int ProgressEvery = 50_000;
    private const int WarmUp = 100;
    private const int DeepOffset = 2000;
    private const int CeilingTimeoutMs = 5000;

    private static int ceilingTimeouts;

    /// <summary>Issue 5's targets: 2,000 documents/s indexed, p95 under 50 ms.</summary>
    private const double TargetRate = 2000;
    private const double TargetP95Ms = 50;

    public static async Task<int> RunAsync(int n, DatabaseProvider provider, string? keep, string? reuse, int queryCount = 1000, string? only = null, string? sort = null,
        int offset = 0)
    {
        if (keep is not null && reuse is not null)
        {
            Console.Error.WriteLine("search: --keep and --reuse exclude each other");
            return 2;
        }

        var corpus = new SearchCorpus();
        TestDatabase db;
        try
        {
            db = await OpenAsync(provider, keep, reuse);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine("search: " + e.Message);
            return 2;
        }

        await using var _ = db;
        await using var sp = KernelHost.Create(db, s =>
        {
            s.AddScoped<ISearchSource>(_ => new BenchSource(SearchCorpus.DocumentType, ["document", "문서", "文書", "文件", "文件"]));
            s.AddScoped<ISearchSource>(_ => new BenchSource(SearchCorpus.DatasetType, ["dataset", "데이터", "データ", "数据", "數據"]));
        });

        long textBytes;
        if (reuse is null)
        {
            await using (var scope = sp.CreateAsyncScope())
            {
                var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
                ctx.Organisations.AddRange(corpus.Organisations.Select(o => o.ToEntity()));
                await ctx.SaveChangesAsync();
            }

            textBytes = await BuildAsync(sp, corpus, n);
            if (provider == DatabaseProvider.Postgres)
            {
                // A live database has planner statistics (autovacuum analyses after bulk writes); right after the load it has none.
                await ExecAsync(sp, "ANALYZE");
            }
        }
        else
        {
            n = (int)await ScalarAsync(sp, "SELECT COUNT(*) FROM core_search_entries");
            textBytes = await ScalarAsync(sp, provider == DatabaseProvider.Sqlite
                ? "SELECT COALESCE(SUM(LENGTH(CAST(\"Title\" AS BLOB)) + LENGTH(CAST(\"Body\" AS BLOB))), 0) FROM core_search_entries"
                : "SELECT COALESCE(SUM(octet_length(\"Title\") + octet_length(\"Body\")), 0)::bigint FROM core_search_entries");
            Console.Error.WriteLine(FormattableString.Invariant($"search: reusing {reuse} with {n:N0} entries"));
            // As a reindex leaves it (an index kept before reindex optimised, or written to since, is merged now).
            var merging = Stopwatch.StartNew();
            await sp.GetRequiredService<SearchReindexer>().OptimizeAsync(default);
            Console.Error.WriteLine(FormattableString.Invariant($"search: index optimised in {merging.Elapsed.TotalSeconds:0.0} s"));
        }

        Metric("search_documents", n, "docs");
        if (provider == DatabaseProvider.Postgres)
        {
            // The server's memory settings move PostgreSQL's latency more than any query change (decision 0011): say what
            // this run had. Huge pages are read from this machine's counters, which describe the server when it runs here.
            Metric("search_pg_shared_buffers", await ScalarAsync(sp, "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'"), "MiB");
            Metric("search_huge_pages_in_use", HugePagesInUseMiB(), "MiB");
        }

        var indexBytes = await IndexSizeAsync(sp, provider);
        Metric("search_text_size", textBytes / 1048576.0, "MiB");
        Metric("search_index_size", indexBytes / 1048576.0, "MiB");
        Metric("search_index_to_text_ratio", indexBytes / (double)Math.Max(1, textBytes), "x");

        // The mix is fixed by the seed; a shorter run takes its first queries (categories are interleaved, not grouped).
        var queries = corpus.Queries(n).Take(Math.Clamp(queryCount, 1, 1000)).ToList();
        if (only is not null)
        {
            // e.g. --only '^(dept|date) ': the slow categories alone, warmed up and timed as in the full mix (relevance pass only).
            queries = queries.Where(q => System.Text.RegularExpressions.Regex.IsMatch(q.Category + " " + q.Text, only)).ToList();
            if (queries.Count == 0)
            {
                Console.Error.WriteLine($"search: no query of the mix matches --only {only}");
                return 2;
            }
        }
        Metric("search_queries", queries.Count, "queries");
        if (!Enum.TryParse<SearchSort>(sort ?? nameof(SearchSort.Relevance), ignoreCase: true, out var order) || (order != SearchSort.Relevance && only is null))
        {
            Console.Error.WriteLine($"search: --sort {sort}: relevance, newest or oldest, with --only (a full run times every order)");
            return 2;
        }

        if (offset != 0 && only is null)
        {
            Console.Error.WriteLine($"search: --offset {offset}: with --only (a full run times a deep page at {DeepOffset})");
            return 2;
        }

        await QueriesAsync(sp, provider, queries, full: only is null, order, Math.Max(0, offset));
        if (keep is not null)
        {
            Console.Error.WriteLine($"search: index kept in {keep}; measure it again with: bench/run search --provider {provider.ToString().ToLowerInvariant()} --reuse {keep}");
        }

        return 0;
    }

    /// <summary>A throwaway database, or the one --keep creates or --reuse opens (SQLite: a file path; PostgreSQL: a database name).</summary>
    private static async Task<TestDatabase> OpenAsync(DatabaseProvider provider, string? keep, string? reuse)
    {
        var path = keep ?? reuse;
        if (path is null)
        {
            return await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        }

        TestDatabase db;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.GetFullPath(path);
            if (keep is not null && File.Exists(file))
            {
                throw new InvalidOperationException($"{file} exists: measure it with --reuse, or remove it to build again");
            }

            if (reuse is not null && !File.Exists(file))
            {
                throw new InvalidOperationException($"{file} does not exist: build it first with --keep {path}");
            }

            var dir = Path.GetDirectoryName(file)!;
            Directory.CreateDirectory(dir);
            db = TestDatabase.Existing(provider, $"Data Source={file}", dir);
        }
        else
        {
            await using (var admin = new NpgsqlConnection(TestEnvironment.PostgresAdmin))
            {
                await admin.OpenAsync();
                await using var check = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @n", admin);
                check.Parameters.AddWithValue("n", path);
                var exists = Convert.ToInt64(await check.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
                if (keep is not null && exists)
                {
                    throw new InvalidOperationException($"database {path} exists: measure it with --reuse, or drop it to build again");
                }

                if (reuse is not null && !exists)
                {
                    throw new InvalidOperationException($"database {path} does not exist: build it first with --keep {path}");
                }

                if (keep is not null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{path.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ENCODING 'UTF8' TEMPLATE template0", admin);
                    await create.ExecuteNonQueryAsync();
                }
            }

            var cs = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Database = path }.ToString();
            db = TestDatabase.Existing(provider, cs, TestEnvironment.TempDir("madang-bench"));
        }

        // On --reuse this applies nothing unless the schema moved on since the index was built.
        return await db.MigrateAsync();
    }

    /// <summary>Indexes the first n documents, a scope and one commit per batch; returns the UTF-8 size of their titles and bodies.</summary>
    private static async Task<long> BuildAsync(ServiceProvider sp, SearchCorpus corpus, int n)
    {
        long textBytes = 0;
        var watch = Stopwatch.StartNew();
        var upserting = new Stopwatch();
        var saving = new Stopwatch();
        var batch = new List<SearchDocument>(BatchSize);
        var done = 0;
        // As a reindex does (SearchReindexer.ReindexAsync): merging is left for the end.
        await sp.GetRequiredService<SearchReindexer>().BeginBulkAsync(default);

        async Task FlushAsync()
        {
            await using var scope = sp.CreateAsyncScope();
            var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            ctx.ChangeTracker.AutoDetectChangesEnabled = false;
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            await using var tx = await ctx.Database.BeginTransactionAsync();
            upserting.Start();
            await index.UpsertManyAsync(batch);
            upserting.Stop();
            saving.Start();
            ctx.ChangeTracker.DetectChanges();
            await ctx.SaveChangesAsync();
            await tx.CommitAsync();
            saving.Stop();
            var before = done;
            done += batch.Count;
            batch.Clear();
            if (done / ProgressEvery != before / ProgressEvery || done == n)
            {
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"search: indexed {done:N0}/{n:N0} ({done / watch.Elapsed.TotalSeconds:N0} docs/s, {GC.GetTotalMemory(false) / 1048576} MiB managed)"));
            }
        }

        // The corpus is generated on a thread of its own, ahead of the index, as a reindex's documents come from the modules'
        // tables: generated in line, each batch waited for its thousand documents with the database idle (PostgreSQL's
        // server was busy 84 % of a build).
        var generated = Channel.CreateBounded<SearchDocument>(new BoundedChannelOptions(4 * BatchSize) { SingleReader = true, SingleWriter = true });
        var generating = Task.Run(async () =>
        {
            try
            {
                foreach (var d in corpus.Generate(n))
                {
                    await generated.Writer.WriteAsync(d);
                }

                generated.Writer.Complete();
            }
            catch (Exception e)
            {
                generated.Writer.Complete(e);
            }
        });
        await foreach (var d in generated.Reader.ReadAllAsync())
        {
            textBytes += Encoding.UTF8.GetByteCount(d.Title) + Encoding.UTF8.GetByteCount(d.Body);
            batch.Add(d);
            if (batch.Count == BatchSize)
            {
                await FlushAsync();
            }
        }

        await generating;

        if (batch.Count > 0)
        {
            await FlushAsync();
        }

        // A reindex ends by merging the index (SearchReindexer.OptimizeAsync): part of building it.
        var optimizing = Stopwatch.StartNew();
        await sp.GetRequiredService<SearchReindexer>().OptimizeAsync(default);
        Metric("search_index_optimize_time", optimizing.Elapsed.TotalSeconds, "s");
        var seconds = watch.Elapsed.TotalSeconds;
        Metric("search_index_rate", n / seconds, "docs/s");
        Metric("search_index_rate_target", TargetRate, "docs/s");
        // Analysis and new rows (UpsertManyAsync), then the commit: the rest is waiting for the corpus.
        Metric("search_index_upsert_share", upserting.Elapsed.TotalSeconds / seconds * 100, "%");
        Metric("search_index_commit_share", saving.Elapsed.TotalSeconds / seconds * 100, "%");
        return textBytes;
    }

    /// <summary>Everything the index keeps: entries (with their text), the full-text structures, their indexes and suggestions.</summary>
    private static async Task<long> IndexSizeAsync(ServiceProvider sp, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            return await ScalarAsync(sp, "SELECT (pg_total_relation_size('core_search_entries') + pg_total_relation_size('core_search_suggestions'))::bigint");
        }

        try
        {
            return await ScalarAsync(sp, "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE '%search%'");
        }
        catch (DbException)
        {
            // A SQLite built without the dbstat table: the whole file, which the search tables dominate in the bench.
            await ExecAsync(sp, "PRAGMA wal_checkpoint(TRUNCATE)");
            return await ScalarAsync(sp, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
        }
    }

    private static async Task QueriesAsync(ServiceProvider sp, DatabaseProvider provider, List<BenchQuery> queries, bool full, SearchSort sort = SearchSort.Relevance,
        int offset = 0)
    {
        await using var scope = sp.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await ctx.Database.OpenConnectionAsync();
        var conn = ctx.Database.GetDbConnection();

        // Warm-up: JIT, statement caches and the hot pages, as on a site that has been serving for a while.
        foreach (var q in queries.Take(WarmUp))
        {
            await index.SearchAsync(new SearchRequest { Query = q.Text, Limit = 20, WithFacets = true, Sort = sort, Offset = offset });
        }

        var relevance = new List<double>();
        var perCategory = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var ceiling = new List<double>();
        long totalHits = 0;
        var empty = 0;
        foreach (var q in queries)
        {
            var t = Stopwatch.StartNew();
            var results = await index.SearchAsync(new SearchRequest { Query = q.Text, Limit = 20, WithFacets = true, Sort = sort, Offset = offset });
            var ms = t.Elapsed.TotalMilliseconds;
            relevance.Add(ms);
            (perCategory.TryGetValue(q.Category, out var list) ? list : perCategory[q.Category] = []).Add(ms);
            totalHits += results.Total;
            empty += results.Hits.Count == 0 ? 1 : 0;
        }

        // The slowest queries by name, to stderr: the whole tail past the p95 and a few more, what to look at when a
        // percentile moves.
        foreach (var (q, ms) in queries.Zip(relevance).OrderByDescending(p => p.Second).Take(15 + queries.Count / 20))
        {
            Console.Error.WriteLine(FormattableString.Invariant($"search: slow {ms,8:0.0} ms  {q.Category,-12} {q.Text}"));
        }

        if (!full)
        {
            // Profiling a few queries (--only): their relevance pass alone.
            Report("search_query", relevance);
            foreach (var (category, list) in perCategory.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Metric($"search_query_{category}_p95", Percentile(list, 0.95), "ms");
            }

            return;
        }

        var newest = await TimeAsync(index, queries, q => new SearchRequest { Query = q, Limit = 20, WithFacets = true, Sort = SearchSort.Newest });
        var deep = await TimeAsync(index, queries, q => new SearchRequest { Query = q, Limit = 20, WithFacets = true, Offset = DeepOffset });
        // The same page without facet counts (as the API and suggestions ask): how much of the time the facets take.
        var noFacets = await TimeAsync(index, queries, q => new SearchRequest { Query = q, Limit = 20, WithFacets = false });

        // The ceiling runs after, as a pass of its own with its own warm-up: interleaved, each system's queries would pay
        // for the pages the other evicted (on PostgreSQL the ceiling reads every match's TOASTed vector).
        foreach (var q in queries.Take(WarmUp))
        {
            await CeilingAsync(conn, provider, q.Text);
        }

        ceilingTimeouts = 0;
        foreach (var q in queries)
        {
            if (await CeilingAsync(conn, provider, q.Text) is { } c)
            {
                ceiling.Add(c);
            }
        }

        Report("search_query", relevance);
        Metric("search_query_p95_target", TargetP95Ms, "ms");
        Metric("search_query_p95_met", Percentile(relevance, 0.95) < TargetP95Ms ? 1 : 0, "bool");
        Report("search_query_newest", newest);
        Report("search_query_deep_page", deep);
        Report("search_query_no_facets", noFacets);
        Report("search_ceiling", ceiling);
        Metric("search_ceiling_timeouts", ceilingTimeouts, "queries");
        Metric("search_query_p95_ratio", Percentile(relevance, 0.95) / Math.Max(0.001, Percentile(ceiling, 0.95)), "x");
        // The engine's own ranked query sorts every match whatever the page, so a deep page's ceiling is the same pass.
        Metric("search_query_deep_page_p95_ratio", Percentile(deep, 0.95) / Math.Max(0.001, Percentile(ceiling, 0.95)), "x");
        foreach (var (category, list) in perCategory.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Metric($"search_query_{category}_p95", Percentile(list, 0.95), "ms");
        }

        Metric("search_query_mean_total", totalHits / (double)queries.Count, "matches");
        Metric("search_query_empty_share", empty * 100.0 / queries.Count, "%");
    }

    private static async Task<List<double>> TimeAsync(ISearchIndex index, List<BenchQuery> queries, Func<string, SearchRequest> request)
    {
        var times = new List<double>(queries.Count);
        foreach (var q in queries)
        {
            var t = Stopwatch.StartNew();
            await index.SearchAsync(request(q.Text));
            times.Add(t.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    /// <summary>The engine's own ranked match for the same words, ids only: no join, filter, facet, count or snippet.</summary>
    private static async Task<double?> CeilingAsync(DbConnection conn, DatabaseProvider provider, string query)
    {
        var parsed = SearchQueryParser.ParseQuery(query);
        var match = provider == DatabaseProvider.Sqlite ? SqliteMatch(parsed) : PgMatch(parsed);
        if (match is null)
        {
            return null;
        }

        await using var cmd = conn.CreateCommand();
        // PostgreSQL ranks every match of a common word from its TOASTed vector (seconds at a million rows): the server
        // stops it at CeilingTimeoutMs, which is then counted as the time (a floor) and reported as a timeout.
        cmd.CommandText = provider == DatabaseProvider.Sqlite
            ? "SELECT rowid FROM core_search_fts WHERE core_search_fts MATCH $q ORDER BY bm25(core_search_fts) LIMIT 20"
            : FormattableString.Invariant($"SET statement_timeout = {CeilingTimeoutMs}; ")
                + "SELECT \"Id\" FROM core_search_entries WHERE \"SearchVector\" @@ CAST(@q AS tsquery) ORDER BY ts_rank_cd(\"SearchVector\", CAST(@q AS tsquery)) DESC LIMIT 20";
        var p = cmd.CreateParameter();
        p.ParameterName = provider == DatabaseProvider.Sqlite ? "$q" : "@q";
        p.Value = match;
        cmd.Parameters.Add(p);
        var t = Stopwatch.StartNew();
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            do
            {
                while (await reader.ReadAsync())
                {
                }
            }
            while (await reader.NextResultAsync());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled)
        {
            ceilingTimeouts++;
            return CeilingTimeoutMs;
        }
        finally
        {
            if (provider == DatabaseProvider.Postgres)
            {
                await using var reset = conn.CreateCommand();
                reset.CommandText = "RESET statement_timeout";
                await reset.ExecuteNonQueryAsync();
            }
        }

        return t.Elapsed.TotalMilliseconds;
    }

    // The match strings mirror the kernel's dialects (internal to Madang.Core): AND of OR-groups of token phrases, then NOTs.
    private static IEnumerable<List<QueryClause>> Groups(ParsedQuery q) =>
        q.Groups.Select(g => g.Where(c => c.Tokens.Count > 0).ToList()).Where(g => g.Count > 0);

    internal static string? SqliteMatch(ParsedQuery q)
    {
        static string C(QueryClause c) => "\"" + string.Join(' ', c.Tokens).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (c.Prefix ? "*" : string.Empty);
        var groups = Groups(q).Select(g => g.Count == 1 ? C(g[0]) : "(" + string.Join(" OR ", g.Select(C)) + ")").ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        return q.Excluded.Where(c => c.Tokens.Count > 0).Aggregate("(" + string.Join(" AND ", groups) + ")", (acc, c) => acc + " NOT " + C(c));
    }

    internal static string? PgMatch(ParsedQuery q)
    {
        static string L(string t) => "'" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
        static string C(QueryClause c) => "(" + string.Join(" <-> ", c.Tokens.Select(L)) + (c.Prefix ? ":*" : string.Empty) + ")";
        var groups = Groups(q).Select(g => g.Count == 1 ? C(g[0]) : "(" + string.Join(" | ", g.Select(C)) + ")").ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        return string.Join(" & ", groups.Concat(q.Excluded.Where(c => c.Tokens.Count > 0).Select(c => "!" + C(c))));
    }

    private static async Task<long> ScalarAsync(ServiceProvider sp, string sql)
    {
        await using var scope = sp.CreateAsyncScope();
        var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await ctx.Database.OpenConnectionAsync();
        await using var cmd = ctx.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(ServiceProvider sp, string sql)
    {
        await using var scope = sp.CreateAsyncScope();
        var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await ctx.Database.OpenConnectionAsync();
        await using var cmd = ctx.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static void Report(string name, List<double> values)
    {
        Metric(name + "_p50", Percentile(values, 0.50), "ms");
        Metric(name + "_p95", Percentile(values, 0.95), "ms");
        Metric(name + "_p99", Percentile(values, 0.99), "ms");
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static void Metric(string name, double value, string unit) =>
        Console.WriteLine(FormattableString.Invariant($"metric: {name} {value:0.###} {unit}"));

    /// <summary>Huge pages taken on this machine (all of them PostgreSQL's shared memory when it is the only user), in MiB.</summary>
    private static double HugePagesInUseMiB()
    {
        if (!File.Exists("/proc/meminfo"))
        {
            return 0;
        }

        var values = File.ReadLines("/proc/meminfo").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.TryParse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var v) ? v : 0);
        var pageKb = values.GetValueOrDefault("Hugepagesize", 2048);
        return (values.GetValueOrDefault("HugePages_Total") - values.GetValueOrDefault("HugePages_Free") + values.GetValueOrDefault("HugePages_Rsvd")) * pageKb / 1024.0;
    }

    /// <summary>Makes type:dataset, type:데이터 … resolve as they will with the modules' own sources; it never feeds a reindex.</summary>
    private sealed class BenchSource(string type, IReadOnlyList<string> aliases) : ISearchSource
    {
        public string Type => type;

        public IReadOnlyList<string> Aliases => aliases;

        public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Task.CompletedTask;
            yield break;
        }

        public Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<SearchDocument>>([]);
    }
}
