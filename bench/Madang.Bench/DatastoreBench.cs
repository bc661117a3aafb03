using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsvHelper;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Madang.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Bench;

/// <summary>
/// Loads an N-row, 10-column CSV into the datastore (rows/s, peak memory) with sqlite3's own <c>.import</c> of the same file as
/// the ceiling, then times datastore_search with a filter and a sort, with q, and deep keyset pages.
/// </summary>
public static class DatastoreBench
{
    private static readonly string[] Districts =
        ["강남구", "강동구", "강북구", "강서구", "관악구", "광진구", "구로구", "금천구", "노원구", "도봉구", "동대문구", "동작구", "마포구",
         "서대문구", "서초구", "성동구", "성북구", "송파구", "양천구", "영등포구", "용산구", "은평구", "종로구", "중구", "중랑구"];

    private static readonly string[] Categories = ["教育", "福祉", "交通", "環境", "防災", "保健", "文化", "産業", "住宅", "観光"];

    private static readonly string[] Words =
        ["서울특별시", "도로", "보수", "공사", "예산", "집행", "시민", "참여", "東京都", "新宿区", "感染者", "検査", "件数", "버스", "노선", "개선", "공원", "조성", "図書館", "利用者"];

    public static TableSchema Schema() => new()
    {
        Fields =
        [
            new TableField { Name = "번호", Type = "integer" },
            new TableField { Name = "기준일", Type = "date" },
            new TableField { Name = "등록시각", Type = "datetime" },
            new TableField { Name = "자치구", Type = "string" },
            new TableField { Name = "分類", Type = "string" },
            new TableField { Name = "금액", Type = "number" },
            new TableField { Name = "건수", Type = "integer" },
            new TableField { Name = "비율", Type = "number" },
            new TableField { Name = "내용", Type = "string" },
            new TableField { Name = "공개여부", Type = "boolean" },
        ],
        PrimaryKey = ["번호"],
    };

    public static async Task<int> RunAsync(int n, DatabaseProvider provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        var csv = Path.Combine(db.DataDir, "bench.csv");
        var bytes = Generate(csv, n);
        Metric("datastore_csv_size", bytes / 1048576.0, "MiB");

        await using var sp = KernelHost.Create(db);
        var (resourceId, versionId) = await ResourceAsync(sp);

        var watch = Stopwatch.StartNew();
        long loaded;
        await using (var scope = sp.CreateAsyncScope())
        {
            loaded = await scope.ServiceProvider.GetRequiredService<IDatastoreLoader>().LoadAsync(resourceId, versionId, Schema(), ParseRows(csv, Schema()), null);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        if (loaded != n)
        {
            Console.Error.WriteLine($"loaded {loaded} of {n} rows");
            return 1;
        }

        var rate = n / seconds;
        Metric("datastore_load_rate", rate, "rows/s");
        Metric("datastore_load_seconds", seconds, "s");
        foreach (var (phase, phaseSeconds) in DatastoreLoader.LastTimings)
        {
            Metric("datastore_load_phase_" + phase, phaseSeconds, "s");
        }

        Metric("datastore_load_peak_working_set", Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, "MiB");

        var ceiling = SqliteImport(csv, db.DataDir, n);
        if (ceiling is { } c)
        {
            Metric("datastore_sqlite3_import_rate", c, "rows/s");
            Metric("datastore_load_ratio_to_sqlite3_import", rate / c, "x");
        }

        await SearchesAsync(sp, resourceId, n);
        return 0;
    }

    /// <summary>A deterministic CSV as an open-data portal would serve it: dates, times, Korean and Japanese text, categories.</summary>
    private static long Generate(string path, int n)
    {
        var random = new Random(20261124);
        var start = new DateOnly(2020, 1, 1);
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            w.Write("번호,기준일,등록시각,자치구,分類,금액,건수,비율,내용,공개여부\n");
            var sb = new StringBuilder();
            for (var i = 1; i <= n; i++)
            {
                sb.Clear();
                var day = start.AddDays(random.Next(0, 2000));
                var text = string.Join(' ', Enumerable.Range(0, random.Next(3, 7)).Select(_ => Words[random.Next(Words.Length)]));
                sb.Append(i).Append(',')
                  .Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                  .Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('T')
                  .Append(random.Next(0, 24).ToString("00", CultureInfo.InvariantCulture)).Append(':')
                  .Append(random.Next(0, 60).ToString("00", CultureInfo.InvariantCulture)).Append(":00+09:00,")
                  .Append(Districts[random.Next(Districts.Length)]).Append(',')
                  .Append(Categories[random.Next(Categories.Length)]).Append(',')
                  .Append((random.Next(0, 100_000_000) / 100m).ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(random.Next(0, 10_000)).Append(',')
                  .Append((random.Next(0, 10_000) / 100.0).ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append('"').Append(text).Append(i % 97 == 0 ? ", 비고" : string.Empty).Append("\",")
                  .Append(random.Next(2) == 0 ? "true" : "false").Append('\n');
                w.Write(sb);
            }
        }

        return new FileInfo(path).Length;
    }

    /// <summary>
    /// CSV → typed rows. The one parse step of the benchmark, to be replaced by the tabular TabularReader (which also reads the
    /// encodings, delimiters and date forms of real files).
    /// </summary>
    public static IEnumerable<object?[]> ParseRows(string path, TableSchema schema)
    {
        var kinds = schema.Fields.Select(f => DatastoreLayout.KindOf(f.Type)).ToArray();
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { PoolStrings = true });
        while (csv.Read())
        {
            var row = new object?[kinds.Length];
            for (var i = 0; i < kinds.Length; i++)
            {
                row[i] = csv.IsEmpty(i) ? null : kinds[i] switch
                {
                    ColumnKind.Integer => csv.Parse<long>(i),
                    ColumnKind.Number => csv.Parse<decimal>(i),
                    ColumnKind.Boolean => csv.Parse<bool>(i),
                    ColumnKind.Date => csv.Parse<DateOnly>(i),
                    ColumnKind.Timestamp => csv.Parse<DateTimeOffset>(i),
                    _ => csv.GetString(i),
                };
            }

            yield return row;
        }
    }

    /// <summary>sqlite3's own CSV import of the same file into an empty database file: no typing, no indexes, no full text.</summary>
    private static double? SqliteImport(string csv, string dir, int n)
    {
        var target = Path.Combine(dir, "ceiling.db");
        try
        {
            var psi = new ProcessStartInfo("sqlite3", [target]) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
            var watch = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            p.StandardInput.Write($"PRAGMA journal_mode=WAL;\n.import --csv '{csv}' t\nSELECT count(*) FROM t;\n");
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            var seconds = watch.Elapsed.TotalSeconds;
            if (p.ExitCode != 0)
            {
                Console.Error.WriteLine("sqlite3 import failed: " + err);
                return null;
            }

            Metric("datastore_sqlite3_import_seconds", seconds, "s");
            return n / seconds;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("sqlite3 is not installed: no ceiling");
            return null;
        }
    }

    private static async Task SearchesAsync(ServiceProvider sp, Guid resourceId, int n)
    {
        var random = new Random(7);
        string[] sorts = ["금액 desc", "기준일 desc", "건수", "등록시각 desc, 번호"];
        string[] queries = ["서울특별시", "東京都 検査", "도로 보수", "図書館", "新宿区 感染者"];
        var filterSort = new List<double>();
        var bySort = sorts.ToDictionary(x => x, _ => new List<double>());
        var fullText = new List<double>();
        var keyset = new List<double>();
        for (var round = 0; round < 120; round++)
        {
            await using var scope = sp.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IDatastore>();
            var t = Stopwatch.StartNew();
            await store.SearchAsync(new DatastoreQuery
            {
                ResourceId = resourceId,
                Filters = new Dictionary<string, IReadOnlyList<string>> { ["자치구"] = [Districts[random.Next(Districts.Length)]] },
                Sort = sorts[round % sorts.Length],
                Limit = 100,
            });
            filterSort.Add(t.Elapsed.TotalMilliseconds);
            bySort[sorts[round % sorts.Length]].Add(t.Elapsed.TotalMilliseconds);

            t.Restart();
            await store.SearchAsync(new DatastoreQuery { ResourceId = resourceId, Q = queries[round % queries.Length], Limit = 100 });
            fullText.Add(t.Elapsed.TotalMilliseconds);

            t.Restart();
            await store.SearchAsync(new DatastoreQuery { ResourceId = resourceId, AfterId = random.Next(0, n), Limit = 100 });
            keyset.Add(t.Elapsed.TotalMilliseconds);
        }

        // The first rounds warm caches and JIT; they are not counted.
        Report("datastore_search_filter_sort", filterSort.Skip(20).Order().ToList());
        for (var i = 0; i < sorts.Length; i++)
        {
            // One line per sort of the mix, so a plan that is slow for one kind of column shows.
            Report($"datastore_search_filter_sort{i + 1}", bySort[sorts[i]].Skip(5).Order().ToList());
        }
        Report("datastore_search_q", fullText.Skip(20).Order().ToList());
        Report("datastore_search_keyset", keyset.Skip(20).Order().ToList());
    }

    private static void Report(string name, List<double> sorted)
    {
        double P(double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
        Metric(name + "_p50", P(0.50), "ms");
        Metric(name + "_p95", P(0.95), "ms");
    }

    private static async Task<(Guid Resource, Guid Version)> ResourceAsync(ServiceProvider sp)
    {
        await using var scope = sp.CreateAsyncScope();
        var s = scope.ServiceProvider;
        var org = await s.GetRequiredService<OrganisationCommands>().CreateAsync(
            new OrganisationInput("BENCH", LocalizedText.Of("벤치", "ベンチ", "Bench", "基准", "基準"), null, OrganisationKind.Division), Actor.System);
        var catalog = s.GetRequiredService<CatalogService>();
        var dataset = await catalog.SaveAsync(new DatasetInput { Name = "bench-datastore", Title = LocalizedText.Of("벤치", "ベンチ", "Bench", "基准", "基準"), OrganisationId = org.Value!.Id }, Actor.System);
        var resource = await catalog.AddResourceAsync(dataset, new DataResource { Kind = ResourceKind.Upload, Format = "CSV", SchemaJson = Schema().ToJson() }, Actor.System);
        var version = new ResourceVersion
        {
            Id = Guid.NewGuid(), ResourceId = resource.Id, Number = 1, Sha256 = new string('0', 64), FileName = "bench.csv", MediaType = "text/csv",
            Status = VersionStatus.Accepted, CreatedAt = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero),
        };
        var db = s.GetRequiredService<MadangDbContext>();
        db.Add(version);
        await db.SaveChangesAsync();
        return (resource.Id, version.Id);
    }

    private static void Metric(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric: {name} {value:0.###} {unit}"));
}
