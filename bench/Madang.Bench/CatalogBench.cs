using System.Diagnostics;
using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Bench;

/// <summary>
/// bench/run catalog: N datasets written through CatalogService's indexing (bulk, 500 a commit), then package_search p50/p95 over
/// a fixed query mix through real HTTP against the running app (target p95 &lt; 30 ms at 10,000 datasets).
/// </summary>
public static class CatalogBench
{
    private static readonly string[] Subjects =
        ["버스 정류장", "대기질", "예산", "인구", "공원", "도서관", "주차장", "교통사고", "병원", "학교", "自転車", "人口", "预算", "Air quality", "Bus routes", "Budget"];

    private static readonly string[] Tags = ["transport", "environment", "finance", "health", "education", "population", "parking", "safety", "culture", "welfare", "코로나", "버스"];

    private static readonly string[] FormatNames = ["CSV", "JSON", "XLSX", "PDF", "GEOJSON"];

    /// <summary>The query mix: text (CJK and English), facet filters, sorts, deep and wide pages, with and without facets.</summary>
    private static readonly (string Kind, string Query)[] Queries =
    [
        ("default_all_facets", "package_search?facet.field=[\"organization\",\"tags\",\"res_format\",\"license_id\",\"groups\"]"),
        ("text_ko", "package_search?q=버스"),
        ("text_en_tag_facet", "package_search?q=Air%20quality&facet.field=[\"tags\"]"),
        ("fq_organization", "package_search?fq=organization:bench-org-03"),
        ("fq_tag_format_sorted", "package_search?fq=tags:transport%20res_format:CSV&sort=metadata_modified%20desc"),
        ("text_sorted_two_facets", "package_search?q=예산&sort=metadata_modified%20desc&facet.field=[\"organization\",\"groups\"]"),
        ("deep_page_100", "package_search?rows=100&start=5000&sort=name%20asc"),
        ("fq_group_license_facets", "package_search?fq=groups:heal%20license_id:CC-BY-4.0&facet.field=[\"res_format\",\"license_id\"]"),
        ("text_cjk_20", "package_search?q=人口&rows=20"),
        ("title_sort_50", "package_search?sort=title_string%20asc&rows=50"),
    ];

    /// <summary>Rounds over the mix: enough samples per kind for a p99 that is not just the maximum of ten.</summary>
    private const int Rounds = 30;

    /// <summary>Issue 4's target for package_search at 10,000 datasets.</summary>
    private const double TargetP95Ms = 30;

    public static async Task<int> RunAsync(int n, DatabaseProvider provider)
    {
        await using var app = await MadangTestApp.StartAsync(provider, extraArgs:
            ["--Madang:Data:RateLimits:AnonymousPerMinute=100000000", "--Logging:LogLevel:Default=Error",
            // MADANG_BENCH_LOG=1 logs every SQL command with its time, to see where a slow search spends it.
            .. Environment.GetEnvironmentVariable("MADANG_BENCH_LOG") == "1" ? ["--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information"] : Array.Empty<string>()]);
        var watch = Stopwatch.StartNew();
        await CreateAsync(app, n);
        var seconds = watch.Elapsed.TotalSeconds;
        Metric("catalog_datasets", n, "datasets");
        Metric("catalog_create_rate", n / seconds, "datasets/s");

        if (provider == DatabaseProvider.Postgres)
        {
            // A live database has planner statistics (autovacuum analyses after bulk writes, within a minute); the
            // bench asks right after its bulk load, when PostgreSQL would otherwise plan with empty-table guesses.
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Database.ExecuteSqlRawAsync("ANALYZE");
        }

        using var client = app.Client();
        foreach (var (_, q) in Queries)
        {
            // Warm-up, and a check that every query works.
            (await client.GetAsync("/api/3/action/" + q)).EnsureSuccessStatusCode();
        }

        var all = new List<double>();
        var perKind = Queries.ToDictionary(q => q.Kind, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (kind, q) in Queries)
            {
                var t = Stopwatch.StartNew();
                using var res = await client.GetAsync("/api/3/action/" + q);
                await res.Content.ReadAsByteArrayAsync();
                res.EnsureSuccessStatusCode();
                var ms = t.Elapsed.TotalMilliseconds;
                all.Add(ms);
                perKind[kind].Add(ms);
            }
        }

        foreach (var (kind, list) in perKind)
        {
            Metric($"catalog_search_{kind}_p50", Percentile(list, 0.50), "ms");
            Metric($"catalog_search_{kind}_p95", Percentile(list, 0.95), "ms");
            Metric($"catalog_search_{kind}_p99", Percentile(list, 0.99), "ms");
        }

        var p95 = Percentile(all, 0.95);
        Metric("catalog_package_search_p50", Percentile(all, 0.50), "ms");
        Metric("catalog_package_search_p95", p95, "ms");
        Metric("catalog_package_search_p99", Percentile(all, 0.99), "ms");
        Metric("catalog_package_search_max", all.Max(), "ms");
        Metric("catalog_package_search_p95_target", TargetP95Ms, "ms");
        Metric("catalog_package_search_p95_met", p95 < TargetP95Ms ? 1 : 0, "bool");
        return 0;
    }

    private static async Task CreateAsync(MadangTestApp app, int n)
    {
        var orgs = new List<Organisation>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            for (var i = 0; i < 20; i++)
            {
                var code = FormattableString.Invariant($"BENCH-ORG-{i:00}");
                orgs.Add(new Organisation { Id = Guid.NewGuid(), Code = code, Name = LocalizedText.Of("부서 " + i, "部署 " + i, "Division " + i, "部门 " + i, "部門 " + i), Kind = OrganisationKind.Division, CreatedAt = DateTimeOffset.UnixEpoch });
            }

            db.Organisations.AddRange(orgs);
            await db.SaveChangesAsync();
        }

        var random = new Random(42);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var batch = 0; batch < n; batch += 500)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = batch; i < Math.Min(n, batch + 500); i++)
            {
                var subject = Subjects[random.Next(Subjects.Length)];
                var place = random.Next(1, 26).ToString(CultureInfo.InvariantCulture);
                var at = start.AddMinutes(i * 7);
                var d = new Dataset
                {
                    Id = Guid.NewGuid(),
                    Name = FormattableString.Invariant($"bench-{i:00000}"),
                    Title = new LocalizedText { Ko = $"{subject} 현황 {place}구 {i}", En = $"{subject} in district {place} ({i})" },
                    Description = new LocalizedText { Ko = $"{subject}에 관한 {place}구 자료입니다.", En = $"Open data about {subject}." },
                    OrganisationId = orgs[random.Next(orgs.Count)].Id,
                    LicenseId = Licenses.All[random.Next(Licenses.All.Count)].Id,
                    State = random.Next(20) == 0 ? DatasetState.Private : DatasetState.Published,
                    CreatedAt = at,
                    ModifiedAt = at.AddDays(random.Next(30)),
                };
                foreach (var tag in Tags.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
                {
                    d.Tags.Add(new DatasetTag { DatasetId = d.Id, Name = tag });
                }

                d.Themes.Add(new DatasetTheme { DatasetId = d.Id, Code = Themes.Codes[random.Next(Themes.Codes.Count)] });
                for (var r = 0; r < random.Next(1, 3); r++)
                {
                    d.Resources.Add(new DataResource
                    {
                        Id = Guid.NewGuid(), DatasetId = d.Id, Position = r, Kind = ResourceKind.Link, LinkUrl = "https://example.org/" + d.Name,
                        Format = FormatNames[random.Next(FormatNames.Length)], Name = new LocalizedText { En = "File " + r }, CreatedAt = at, ModifiedAt = at,
                    });
                }

                db.Add(d);
                await catalog.IndexAsync(d);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static void Metric(string name, double value, string unit) =>
        Console.WriteLine(FormattableString.Invariant($"metric: {name} {value:0.###} {unit}"));
}
