using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;
using Madang.Dashboards.Export;
using Madang.Dashboards.Import;
using Madang.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Bench;

/// <summary>
/// <c>bench/run dashboards [--n REGIONS] [--seconds S]</c>: Tokyo's data.json imported once, N regions of 8 cards made
/// from its exported file (as neighbouring regions would), the static export of every page in 5 languages timed, then
/// one dashboard page under wrk (64 connections) from the live app and from nginx serving the export, with the ratio.
/// </summary>
public static partial class DashboardsBench
{
    public static async Task<int> RunAsync(int regions, int seconds)
    {
        foreach (var tool in new[] { "wrk", "nginx" })
        {
            if (!Exists(tool))
            {
                Console.Error.WriteLine($"dashboards bench: {tool} is missing (bench/run installs it when run as root)");
                return 1;
            }
        }

        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var fixture = Path.Combine(Repo(), "tests", "Madang.Web.Tests", "Dashboards", "Fixtures", "tokyo-data.json");
        RegionFile tokyo;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var org = new Madang.Core.Organisations.Organisation { Id = Guid.NewGuid(), Code = "TKY", Name = Madang.Core.Localization.LocalizedText.Of("도쿄도", "東京都", "Tokyo", "东京都", "東京都") };
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
            await using var stream = File.OpenRead(fixture);
            var result = StopCovid19Reader.Read(stream, "tokyo");
            await scope.ServiceProvider.GetRequiredService<ImportPublisher>().PublishAsync(result, "tokyo", Text.Of("도쿄도", "東京都", "Tokyo", "东京都", "東京都"),
                "covid19", Text.Of("코로나19", "新型コロナウイルス感染症", "COVID-19", "新冠肺炎", "新冠肺炎"), org.Id, Actor.System, null, default);
            var store = scope.ServiceProvider.GetRequiredService<RegionStore>();
            tokyo = (await store.FindAsync("tokyo", default))!.File;
            tokyo.Dashboards[0].Cards = tokyo.Dashboards[0].Cards.Take(8).ToList();
            for (var i = 0; i < regions; i++)
            {
                var copy = RegionFiles.Parse(RegionFiles.ToJson(tokyo));
                copy.Region.Slug = i == 0 ? "tokyo" : $"region-{i:00}";
                copy.Region.Name = Text.Same(i == 0 ? "東京都" : $"Region {i}");
                await store.SaveAsync(copy, Actor.System, default);
            }
        }

        // The catalogue's worker loads the datasets; the bench starts once every card draws.
        var client = app.Client();
        var page = "/ja/r/tokyo/covid19";
        var wait = Stopwatch.StartNew();
        while ((await client.GetStringAsync(page)).Contains("card-problem", StringComparison.Ordinal))
        {
            if (wait.Elapsed > TimeSpan.FromMinutes(3))
            {
                Console.Error.WriteLine("dashboards bench: the datasets did not load");
                return 1;
            }

            await Task.Delay(250);
        }

        var dir = Directory.CreateTempSubdirectory("madang-dash-export-").FullName;
        // nginx's workers run as another user: the export must be readable as a served folder is.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        try
        {
            IReadOnlyList<StoredRegion> all;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                all = await scope.ServiceProvider.GetRequiredService<RegionStore>().AllAsync(default);
            }

            var cards = all.Sum(r => r.File.Dashboards.Sum(d => d.Cards.Count));
            var timer = Stopwatch.StartNew();
            var export = await new StaticExport(client, TimeProvider.System).RunAsync(all, dir, null, default);
            var elapsed = timer.Elapsed.TotalSeconds;
            Metric("dashboards_regions", all.Count, "regions");
            Metric("dashboards_cards", cards, "cards");
            Metric("dashboards_export_pages", export.Pages, "pages");
            Metric("dashboards_export_data_files", export.DataFiles, "files");
            Metric("dashboards_export_bytes", export.Bytes / 1048576.0, "MiB");
            Metric("dashboards_export_seconds", elapsed, "s");

            var live = Wrk(new Uri(app.BaseAddress, page).ToString(), seconds);
            var nginxPort = FreePort();
            using var nginx = await StartNginxAsync(dir, nginxPort);
            double served;
            try
            {
                served = Wrk($"http://127.0.0.1:{nginxPort}{page}", seconds);
            }
            finally
            {
                nginx.Kill(entireProcessTree: true);
            }

            Metric("dashboards_page_live_rps", live, "req/s");
            Metric("dashboards_page_nginx_rps", served, "req/s");
            Metric("dashboards_page_live_to_nginx_ratio", live / served, "x");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static double Wrk(string url, int seconds)
    {
        var psi = new ProcessStartInfo(Find("wrk")!, ["-t2", "-c64", $"-d{seconds}s", url]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var non2xx = Non2xx().Match(output);
        if (non2xx.Success)
        {
            throw new InvalidOperationException($"wrk {url}: {non2xx.Value}");
        }

        return double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<Process> StartNginxAsync(string root, int port)
    {
        // The export's own server block, included as an operator would: the bench checks that file serves the site.
        var conf = Path.Combine(root, "bench-nginx.conf");
        File.WriteAllText(conf, $$"""
            daemon off;
            worker_processes auto;
            pid {{root}}/nginx.pid;
            error_log {{root}}/nginx-error.log;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{root}}/tmp;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                    include {{root}}/nginx.conf;
                }
            }
            """);
        var p = Process.Start(new ProcessStartInfo(Find("nginx")!, ["-c", conf, "-p", root]))!;
        using var probe = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{port}/latest.json")).IsSuccessStatusCode)
                {
                    return p;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        p.Kill(entireProcessTree: true);
        throw new InvalidOperationException("nginx did not serve the export: " + File.ReadAllText(Path.Combine(root, "nginx-error.log")));
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static bool Exists(string tool) => Find(tool) is not null;

    private static string? Find(string tool) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Concat(["/usr/sbin", "/sbin"]).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Madang.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run from the repository (bench/run dashboards)");
    }

    private static void Metric(string name, double value, string unit) =>
        Console.WriteLine(FormattableString.Invariant($"metric: {name} {value:0.###} {unit}"));

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses: \d+")]
    private static partial Regex Non2xx();
}
