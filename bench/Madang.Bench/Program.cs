using System.Diagnostics;
using Madang.Bench;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// bench/run <name> [--n N] [--provider sqlite|postgres]
var name = args.FirstOrDefault() ?? "help";
var n = Arg("--n", 20_000);
var provider = Enum.Parse<DatabaseProvider>(ArgText("--provider", "sqlite"), ignoreCase: true);
switch (name)
{
    case "kernel-search":
        await KernelSearchAsync(n, provider);
        return 0;
    case "release":
        return await ReleaseBench.RunAsync(n, provider);
    case "release-crash":
        return await ReleaseCrashBench.RunAsync(Arg("--n", 10_000));
    case "catalog":
        return await CatalogBench.RunAsync(Arg("--n", 10_000), provider);
    case "datastore":
        return await DatastoreBench.RunAsync(Arg("--n", 1_000_000), provider);
    case "dashboards":
        return await DashboardsBench.RunAsync(Arg("--n", 38), Arg("--seconds", 10));
    case "search":
        return await SearchBench.RunAsync(Arg("--n", 1_000_000), provider, ArgOrNull("--keep"), ArgOrNull("--reuse"), Arg("--queries", 1000), ArgOrNull("--only"), ArgOrNull("--sort"), Arg("--offset", 0));
    case "search-corpus":
        // Writes the generated corpus as JSON lines (one SearchDocument each, organisations by code) to stdout.
        new SearchCorpus(Arg("--seed", SearchCorpus.DefaultSeed)).WriteJsonLines(Arg("--n", 1000), Console.Out);
        return 0;
    case "search-queries":
        // The fixed query mix for an index of N documents, one "category<TAB>query" per line: to replay it elsewhere.
        foreach (var q in new SearchCorpus(Arg("--seed", SearchCorpus.DefaultSeed)).Queries(Arg("--n", 1_000_000)))
        {
            Console.WriteLine(q.Category + "\t" + q.Text);
        }

        return 0;
    case "search-organisations":
        // The generated organisation tree as JSON (code, parent code, names), for a test that loads the corpus.
        new SearchCorpus(Arg("--seed", SearchCorpus.DefaultSeed)).WriteOrganisations(Console.Out);
        return 0;
    case "supports":
        return await SupportsBench.RunAsync(Arg("--n", 20_000), provider, Arg("--concurrency", 64));
    case "screening":
        return await ScreeningBench.RunAsync(Arg("--mb", 50));
    default:
        Console.Error.WriteLine("benchmarks: supports [--n N] [--provider sqlite|postgres] [--concurrency C] | dashboards [--n REGIONS] [--seconds S] | kernel-search [--n N] [--provider sqlite|postgres] | release [--n N] | release-crash [--n N] | catalog [--n N] [--provider sqlite|postgres] | datastore [--n N] [--provider sqlite|postgres] | screening [--mb MB] | search [--n N] [--provider sqlite|postgres] [--keep PATH | --reuse PATH] [--queries Q] [--only REGEX] [--sort relevance|newest|oldest] [--offset K] (Q: the first Q of the 1,000-query mix; REGEX: only the queries whose category and text match, to profile a few; --sort, --offset: the order and the page --only's pass asks for; PATH: a SQLite file, or a PostgreSQL database name; --keep builds an index that stays, --reuse only runs the queries on it) | search-corpus [--n N] [--seed S] (JSON lines to stdout) | search-queries [--n N] (the query mix, tab-separated) | search-organisations [--seed S] (JSON to stdout)");
        return name == "help" ? 0 : 2;
}

int Arg(string flag, int fallback) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

string? ArgOrNull(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();

string ArgText(string flag, string fallback) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault() ?? fallback;

static void Metric(string name, double value, string unit) =>
    Console.WriteLine(FormattableString.Invariant($"metric: {name} {value:0.###} {unit}"));

// Indexes N documents through ISearchIndex (analyzer + EF + FTS triggers / generated tsvector) in batches of 500,
// then times a fixed query mix through ISearchIndex.SearchAsync against the engine's own bare match query.
static async Task KernelSearchAsync(int n, DatabaseProvider provider)
{
    await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
    await using var sp = KernelHost.Create(db);
    var docs = Corpus.Generate(n).ToList();
    var textBytes = docs.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Title + d.Body));

    var watch = Stopwatch.StartNew();
    var saving = new Stopwatch();
    foreach (var batch in docs.Chunk(500))
    {
        await using var scope = sp.CreateAsyncScope();
        var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        ctx.ChangeTracker.AutoDetectChangesEnabled = false;
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        foreach (var d in batch)
        {
            await index.UpsertAsync(new SearchDocument("bench.doc", d.Key, d.Title, d.Body, "d/" + d.Key, d.Date));
        }

        ctx.ChangeTracker.DetectChanges();
        saving.Start();
        await ctx.SaveChangesAsync();
        saving.Stop();
    }

    var seconds = watch.Elapsed.TotalSeconds;
    Metric("kernel_search_index_rate", n / seconds, "docs/s");
    Metric("kernel_search_text_size", textBytes / 1048576.0, "MiB");
    Metric("kernel_search_index_commit_share", saving.Elapsed.TotalSeconds / seconds * 100, "%");

    var latencies = new List<double>();
    var ceiling = new List<double>();
    await using (var scope = sp.CreateAsyncScope())
    {
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await ctx.Database.OpenConnectionAsync();
        var conn = ctx.Database.GetDbConnection();
        for (var round = 0; round < 7; round++)
        {
            foreach (var q in Corpus.Queries)
            {
                var t = Stopwatch.StartNew();
                await index.SearchAsync(new SearchRequest { Query = q, Limit = 20 });
                latencies.Add(t.Elapsed.TotalMilliseconds);

                // Ceiling: the engine's own ranked match for the same clauses, ids only, no join, snippet or count.
                var clauses = SearchQueryParser.Parse(q);
                await using var cmd = conn.CreateCommand();
                if (provider == DatabaseProvider.Sqlite)
                {
                    cmd.CommandText = "SELECT rowid FROM core_search_fts WHERE core_search_fts MATCH $q ORDER BY rank LIMIT 20";
                    var p = cmd.CreateParameter();
                    p.ParameterName = "$q";
                    p.Value = SqliteMatch(clauses);
                    cmd.Parameters.Add(p);
                }
                else
                {
                    cmd.CommandText = "SELECT \"Id\" FROM core_search_entries, CAST(@q AS tsquery) q WHERE \"SearchVector\" @@ q ORDER BY ts_rank_cd(\"SearchVector\", q) DESC LIMIT 20";
                    var p = cmd.CreateParameter();
                    p.ParameterName = "@q";
                    p.Value = PgMatch(clauses);
                    cmd.Parameters.Add(p);
                }

                t.Restart();
                await using (var reader = await cmd.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                    }
                }

                ceiling.Add(t.Elapsed.TotalMilliseconds);
            }
        }
    }

    // The first round warms caches and JIT; it is not counted.
    latencies = latencies.Skip(Corpus.Queries.Length).Order().ToList();
    ceiling = ceiling.Skip(Corpus.Queries.Length).Order().ToList();
    double P(List<double> xs, double p) => xs[(int)Math.Min(xs.Count - 1, Math.Ceiling(p * xs.Count) - 1)];
    Metric("kernel_search_query_p50", P(latencies, 0.50), "ms");
    Metric("kernel_search_query_p95", P(latencies, 0.95), "ms");
    Metric("kernel_search_ceiling_p50", P(ceiling, 0.50), "ms");
    Metric("kernel_search_ceiling_p95", P(ceiling, 0.95), "ms");
    Metric("kernel_search_p95_ratio_to_ceiling", P(latencies, 0.95) / Math.Max(0.001, P(ceiling, 0.95)), "x");
}

static string SqliteMatch(IReadOnlyList<QueryClause> clauses)
{
    string C(QueryClause c) => "\"" + string.Join(' ', c.Tokens) + "\"" + (c.Prefix ? "*" : string.Empty);
    var s = "(" + string.Join(" AND ", clauses.Where(c => !c.Negated).Select(C)) + ")";
    return clauses.Where(c => c.Negated).Aggregate(s, (acc, c) => acc + " NOT " + C(c));
}

static string PgMatch(IReadOnlyList<QueryClause> clauses)
{
    string C(QueryClause c) => "(" + string.Join(" <-> ", c.Tokens.Select(t => "'" + t + "'")) + (c.Prefix ? ":*" : string.Empty) + ")";
    return string.Join(" & ", clauses.Where(c => !c.Negated).Select(C).Concat(clauses.Where(c => c.Negated).Select(c => "!" + C(c))));
}
