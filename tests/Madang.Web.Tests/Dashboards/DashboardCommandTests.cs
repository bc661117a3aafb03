using System.Text.Json;
using Madang.Data.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Tests.Dashboards;

/// <summary>The dashboards verbs as an operator runs them, as real processes on both databases: import, copy a region, export.</summary>
public sealed class DashboardCommandTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ImportStopcovid19_CopyTheRegion_ExportStatically_AndBadFilesFailClearly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var cfg = db.AppArgs();
        Assert.Equal(0, (await MadangProcess.RunAsync(["migrate", .. cfg])).ExitCode);
        Assert.Equal(0, (await MadangProcess.RunAsync(["org", "add", "--code", "TKY", "--name", "Tokyo Metropolitan Government", .. cfg])).ExitCode);
        var fixture = Path.Combine(AppContext.BaseDirectory, "Dashboards", "Fixtures", "tokyo-data.json");

        var (code, output) = await MadangProcess.RunAsync(["dashboards", "import-stopcovid19", fixture, "--region", "tokyo", "--org", "TKY", "--name", "東京都", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("(region created)", output, StringComparison.Ordinal);
        (code, output) = await MadangProcess.RunAsync(["dashboards", "import-stopcovid19", fixture, "--region", "tokyo", "--org", "TKY", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("0 new version(s)", output, StringComparison.Ordinal); // the same data again changes nothing

        // A worker node loads the new versions into the datastore.
        using (var worker = MadangProcess.Start(["jobs", "run", .. cfg, "--Madang:Jobs:PollInterval=00:00:00.250"]))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                await using var ctx = db.NewContext();
                var states = await ctx.Set<DataResource>().Select(r => r.DatastoreState).ToListAsync();
                if (states.Count > 0 && states.All(s => s == DatastoreState.Active))
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, "not loaded: " + string.Join(", ", states) + worker.Output);
                await Task.Delay(250);
            }

            worker.KillHard();
        }

        // Kanagawa starts from Tokyo's file: a new slug and name, nothing else.
        var dir = Directory.CreateTempSubdirectory("madang-dash-");
        try
        {
            var file = Path.Combine(dir.FullName, "tokyo.yaml");
            (code, output) = await MadangProcess.RunAsync(["dashboards", "export-config", "tokyo", "--yaml", "--out", file, .. cfg]);
            Assert.True(code == 0, output);
            var yaml = await File.ReadAllTextAsync(file);
            var copy = Path.Combine(dir.FullName, "kanagawa.yaml");
            await File.WriteAllTextAsync(copy, new System.Text.RegularExpressions.Regex("slug: tokyo").Replace(yaml, "slug: kanagawa", 1).Replace("東京都", "神奈川県", StringComparison.Ordinal));
            (code, output) = await MadangProcess.RunAsync(["dashboards", "import", copy, .. cfg]);
            Assert.True(code == 0, output);
            Assert.Contains("Created region kanagawa", output, StringComparison.Ordinal);

            var site = Path.Combine(dir.FullName, "site");
            (code, output) = await MadangProcess.RunAsync(["dashboards", "export", site, .. cfg]);
            Assert.True(code == 0, output);
            var tokyo = await File.ReadAllTextAsync(Path.Combine(site, "ja", "r", "tokyo", "covid19", "index.html"));
            Assert.Contains("<svg class=\"chart\"", tokyo, StringComparison.Ordinal);
            Assert.DoesNotContain("card-problem", tokyo, StringComparison.Ordinal);
            Assert.Contains("神奈川県", await File.ReadAllTextAsync(Path.Combine(site, "en", "r", "kanagawa", "covid19", "index.html")), StringComparison.Ordinal);
            // From a CDN copy, pages the export holds stay relative; the rest ("Ask a question", search) lead to the live site.
            var card = await File.ReadAllTextAsync(Path.Combine(site, "en", "r", "tokyo", "covid19", "cards", "main-summary", "index.html"));
            Assert.Contains("href=\"/en/r/tokyo/covid19\"", card, StringComparison.Ordinal);
            Assert.Matches("href=\"https?://[^\"]+/en/requests/ask\\?about=card", card);
            Assert.DoesNotContain("href=\"/en/requests/", card, StringComparison.Ordinal);
            Assert.DoesNotContain("action=\"/en/search", card, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(site, "css", "dashboards.css")));
            Assert.True(File.Exists(Path.Combine(site, "nginx.conf")));
            Assert.True(new FileInfo(Path.Combine(site, "ko", "r", "tokyo", "covid19", "cards", "main-summary", "og.png")).Length > 1000);
            using var latest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(site, "latest.json")));
            var pointers = latest.RootElement.GetProperty("cards").EnumerateObject().ToList();
            Assert.Contains(pointers, p => p.Name.StartsWith("kanagawa/covid19/", StringComparison.Ordinal) && p.Name.EndsWith("/zh-Hant", StringComparison.Ordinal));
            foreach (var p in pointers)
            {
                // Each pointer names an immutable file holding exactly the card's download.
                var data = await File.ReadAllBytesAsync(Path.Combine(site, p.Value.GetString()!.TrimStart('/')));
                var parts = p.Name.Split('/');
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(site, parts[3], "r", parts[0], parts[1], "cards", parts[2], "data.json")), data);
            }

            // Bad input: a clear one-line reason and a non-zero exit, nothing half-written.
            var notJson = Path.Combine(dir.FullName, "data.json");
            await File.WriteAllTextAsync(notJson, "<html>not json</html>");
            (code, output) = await MadangProcess.RunAsync(["dashboards", "import-stopcovid19", notJson, "--region", "osaka", "--org", "TKY", .. cfg]);
            Assert.NotEqual(0, code);
            Assert.Contains("JSON", output, StringComparison.Ordinal);
            var broken = Path.Combine(dir.FullName, "broken.yaml");
            await File.WriteAllTextAsync(broken, yaml.Replace("kind: time-series", "kind: pie-chart", StringComparison.Ordinal));
            (code, output) = await MadangProcess.RunAsync(["dashboards", "import", broken, .. cfg]);
            Assert.NotEqual(0, code);
            Assert.Contains("broken.yaml cannot be used", output, StringComparison.Ordinal);
            (code, output) = await MadangProcess.RunAsync(["dashboards", "list", .. cfg]);
            Assert.DoesNotContain("osaka", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
