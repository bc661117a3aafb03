using System.Net;
using System.Text.RegularExpressions;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;
using Madang.Dashboards.Import;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Dashboards;

/// <summary>A Tokyo data.json imported into a region and read as citizens read it: every card, in five languages, cacheable.</summary>
public sealed partial class DashboardPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly string[] Languages = ["ko", "ja", "en", "zh-Hans", "zh-Hant"];

    private async Task<(string Region, ImportResult Result)> ImportTokyoAsync()
    {
        var org = await People.OrganisationAsync(fixture.App);
        var region = "tokyo-" + Guid.NewGuid().ToString("N")[..8];
        await using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Dashboards", "Fixtures", "tokyo-data.json"));
        var result = StopCovid19Reader.Read(stream, region);
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ImportPublisher>().PublishAsync(result, region, Text.Of("도쿄도", "東京都", "Tokyo", "东京都", "東京都"),
                "covid19", Text.Of("코로나19", "新型コロナウイルス感染症", "COVID-19", "新冠肺炎", "新冠肺炎"), org.Id, Actor.System, null, default);
        }

        // The catalogue loads each new version into the datastore in the background, as it would in production.
        var names = result.Tables.Select(t => t.Name).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var states = await db.Set<DataResource>().Join(db.Set<Dataset>().Where(d => names.Contains(d.Name)), r => r.DatasetId, d => d.Id, (r, d) => r.DatastoreState).ToListAsync();
            if (states.Count == names.Count && states.All(s => s == DatastoreState.Active))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"datasets not loaded: {string.Join(", ", states)}");
            await Task.Delay(250);
        }

        return (region, result);
    }

    [Fact]
    public async Task TokyoDataJson_BecomesADashboard_WhoseCardsAllDraw_InEveryLanguage_EachChartWithItsTable()
    {
        var (region, result) = await ImportTokyoAsync();
        Assert.True(result.Cards.Count >= 8, $"{result.Cards.Count} cards");
        var client = fixture.App.Client();
        foreach (var lang in Languages)
        {
            var html = await client.GetStringAsync($"/{lang}/r/{region}/covid19");
            Assert.Contains($"lang=\"{lang}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("class=\"card-problem\"", html, StringComparison.Ordinal);
            foreach (var card in result.Cards)
            {
                var section = Section(html, card.Slug);
                Assert.Contains(WebUtility.HtmlEncode(card.Title.Get(lang)), section, StringComparison.Ordinal);
                // Every chart is named for screen readers and has its figures in a table beneath it.
                if (section.Contains("<svg class=\"chart\"", StringComparison.Ordinal))
                {
                    Assert.Contains("role=\"img\" aria-labelledby=\"c-" + card.Slug + "-t c-" + card.Slug + "-d\"", section, StringComparison.Ordinal);
                }

                Assert.Contains("<table>", section, StringComparison.Ordinal);
                Assert.Contains($"/{lang}/r/{region}/covid19/cards/{card.Slug}/data.csv", section, StringComparison.Ordinal);
            }
        }

        // The latest count: the fixture's last day, with its change since the day before.
        var en = await client.GetStringAsync($"/en/r/{region}/covid19/cards/patients-summary-latest");
        var patients = result.Tables.Single(t => t.Name == region + "-patients-summary");
        var last = Convert.ToInt64(patients.Rows[^1][1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(en.Contains($"<span class=\"value\">{last:N0}</span>", StringComparison.Ordinal), $"{last}: {Section(en, "patients-summary-latest")}");

        // The breakdown tree in Japanese keeps Tokyo's own words; in English they are translated.
        var tree = await client.GetStringAsync($"/en/r/{region}/covid19/cards/main-summary");
        Assert.Contains("In hospital", tree, StringComparison.Ordinal);
        var treeJa = await client.GetStringAsync($"/ja/r/{region}/covid19/cards/main-summary");
        Assert.Contains("入院中", treeJa, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_GiveExactlyTheRowsTheTableShows_AndPagesRevalidateWithETags()
    {
        var (region, result) = await ImportTokyoAsync();
        var client = fixture.App.Client();
        var card = result.Cards.First(c => c.Kind == CardKind.TimeSeries);
        var page = await client.GetStringAsync($"/ko/r/{region}/covid19/cards/{card.Slug}");
        var rows = BodyRows().Count(Section(page, card.Slug));
        var csv = await client.GetStringAsync($"/ko/r/{region}/covid19/cards/{card.Slug}/data.csv");
        var lines = csv.TrimEnd().Split("\r\n");
        Assert.True(rows + 1 == lines.Length, $"{rows} rows shown, CSV: {csv}"); // a header, then one line per row shown
        var bytes = await client.GetByteArrayAsync($"/ko/r/{region}/covid19/cards/{card.Slug}/data.csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // a BOM: spreadsheets read the Korean headers
        Assert.Contains("누적", lines[0], StringComparison.Ordinal); // headers in the reader's language
        Assert.Matches(@"^\d{4}-\d{2}-\d{2},", lines[1]); // values as data: ISO dates

        var json = await client.GetStringAsync($"/en/r/{region}/covid19/cards/{card.Slug}/data.json");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(rows, doc.RootElement.GetProperty("rows").GetArrayLength());

        var first = await client.GetAsync($"/en/r/{region}/covid19");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("public", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var etag = first.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, $"/en/r/{region}/covid19");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        // Another language is another page.
        var other = new HttpRequestMessage(HttpMethod.Get, $"/ja/r/{region}/covid19");
        other.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);

        // An edit of the region changes every page's tag.
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<RegionStore>();
            var r = (await store.FindAsync(region, default))!;
            r.File.Dashboards[0].Description = Text.Same("edited");
            await store.SaveAsync(r.File, Actor.System, default);
        }

        var edited = new HttpRequestMessage(HttpMethod.Get, $"/en/r/{region}/covid19");
        edited.Headers.IfNoneMatch.Add(etag);
        var response = await client.SendAsync(edited);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("edited", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewVersionOfTheDataset_UpdatesItsCards()
    {
        var (region, result) = await ImportTokyoAsync();
        var client = fixture.App.Client();
        var card = $"/en/r/{region}/covid19/cards/patients-summary-latest";
        Assert.DoesNotContain("<span class=\"value\">987</span>", await client.GetStringAsync(card), StringComparison.Ordinal);

        // The next day's figures arrive: a re-import with one more row adds a version to that one dataset only.
        var summary = result.Tables.Single(t => t.Name == region + "-patients-summary");
        var last = (DateOnly)summary.Rows[^1][0]!;
        var next = summary with { Rows = [.. summary.Rows, [last.AddDays(1), 987L]] };
        var again = result with { Tables = [.. result.Tables.Select(t => t.Name == summary.Name ? next : t)] };
        var org = await People.OrganisationAsync(fixture.App);
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ImportPublisher>().PublishAsync(again, region, Text.Same("Tokyo"),
                "covid19", Text.Same("COVID-19"), org.Id, Actor.System, null, default);
            Assert.Equal(1, outcome.VersionsAdded);
            Assert.Equal(result.Tables.Count - 1, outcome.Unchanged);
        }

        // Loaded by the catalogue's job, then shown once the few seconds a node trusts its copy have passed.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string page;
        while (!(page = await client.GetStringAsync(card)).Contains("<span class=\"value\">987</span>", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, Section(page, "patients-summary-latest"));
            await Task.Delay(500);
        }

        Assert.Contains("+", WebUtility.HtmlDecode(Section(page, "patients-summary-latest")), StringComparison.Ordinal); // up since the day before
    }

    [Fact]
    public async Task EveryCard_HasALinkPreviewImage_InEachLanguage()
    {
        var (region, result) = await ImportTokyoAsync();
        var client = fixture.App.Client();
        var page = await client.GetStringAsync($"/ja/r/{region}/covid19/cards/main-summary");
        Assert.Matches($"<meta property=\"og:image\" content=\"http://[^\"]+/ja/r/{region}/covid19/cards/main-summary/og.png\">", page);
        var sizes = new HashSet<long>();
        foreach (var lang in Languages)
        {
            foreach (var card in result.Cards.Take(3))
            {
                var response = await client.GetAsync($"/{lang}/r/{region}/covid19/cards/{card.Slug}/og.png");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
                var png = await response.Content.ReadAsByteArrayAsync();
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
                // The IHDR chunk: 1200 × 630, the size link previews expect.
                Assert.Equal(1200, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
                Assert.Equal(630, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
                sizes.Add(png.Length);
            }
        }

        // Each language draws its own words: the images differ.
        Assert.True(sizes.Count > 3, $"{sizes.Count} distinct images");
    }

    [Fact]
    public async Task ASecondRegion_IsMadeFromTheFirstsExportedFile_WithNoCodeChange()
    {
        var (region, _) = await ImportTokyoAsync();
        string yaml;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            yaml = RegionFiles.ToYaml((await scope.ServiceProvider.GetRequiredService<RegionStore>().FindAsync(region, default))!.File);
        }

        // A neighbouring prefecture edits the copy: its own slug, name and colour; the same kinds of cards.
        var copy = RegionFiles.Parse(yaml);
        var slug = "kanagawa-" + Guid.NewGuid().ToString("N")[..6];
        copy.Region.Slug = slug;
        copy.Region.Name = Text.Of("가나가와현", "神奈川県", "Kanagawa", "神奈川县", "神奈川縣");
        copy.Region.Colour = "#7a1f5c";
        copy.Region.Tiles = "https://{s}.tiles.kanagawa.example/{z}/{x}/{y}.png";
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RegionStore>().SaveAsync(RegionFiles.Parse(RegionFiles.ToJson(copy)), Actor.System, default);
        }

        var client = fixture.App.Client();
        var response = await client.GetAsync($"/ja/r/{slug}/covid19");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("神奈川県", page, StringComparison.Ordinal);

        // The region's colour and its tile server pass the site's CSP: a style element with this response's nonce, and
        // the tile server's origin among the image sources (a style attribute or another origin would be refused).
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(page, "<style nonce=\"([^\"]+)\">\\.dash \\{ --region: #7a1f5c; \\}</style>").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"style-src 'self' 'nonce-{nonce}'", csp, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: https://*.tiles.kanagawa.example", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("style=\"--region", page, StringComparison.Ordinal);
        Assert.DoesNotContain("tiles.kanagawa.example", (await client.GetAsync("/en/requests")).Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // Published in Japanese and English only: a Korean reader is sent to the Japanese page.
        copy.Region.Languages = ["ja", "en"];
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RegionStore>().SaveAsync(copy, Actor.System, default);
        }

        var korean = await client.GetAsync($"/ko/r/{slug}/covid19/cards/main-summary?x=1");
        Assert.Equal(HttpStatusCode.Redirect, korean.StatusCode);
        Assert.Equal($"/ja/r/{slug}/covid19/cards/main-summary?x=1", korean.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/en/r/{slug}/covid19")).StatusCode);
        Assert.Contains("--region: #7a1f5c", page, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"card-problem\"", page, StringComparison.Ordinal);
        var list = await client.GetStringAsync("/en/dashboards");
        Assert.Contains("Kanagawa", list, StringComparison.Ordinal);
        Assert.Contains("Tokyo", list, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenRegionFile_IsRefused_NamingEveryProblemAndWhere()
    {
        var e = Assert.Throws<RegionFileException>(() => RegionFiles.Parse("""
            format: madang.dashboards/1
            region: { slug: "Bad Slug", name: { en: X }, colour: red, languages: [en, fr] }
            dashboards:
              - slug: d
                title: { en: D }
                cards:
                  - { slug: a, kind: time-series, title: { en: A }, source: { dataset: x } }
                  - { slug: a, kind: tree, title: { xx: A }, source: { dataset: "" }, x: n }
            """));
        Assert.Contains(e.Problems, p => p.StartsWith("region.slug", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("region.colour", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("\"fr\"", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("the slug \"a\" is used 2 times", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("dashboards[0].cards[0]: a time-series card needs x", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("dashboards[0].cards[1].source.dataset", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("dashboards[0].cards[1].title.xx", StringComparison.Ordinal));
        Assert.Contains("line", Assert.Throws<RegionFileException>(() => RegionFiles.Parse("region: [unclosed")).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<RegionFileException>(() => RegionFiles.Parse("{\"format\": 3}"));
    }

    [Fact]
    public async Task ACardWhoseDatasetIsGone_SaysSo_AndTheRestOfTheDashboardStillDraws()
    {
        var (region, result) = await ImportTokyoAsync();
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<RegionStore>();
            var r = (await store.FindAsync(region, default))!;
            r.File.Dashboards[0].Cards[0].Source.Dataset = "no-such-dataset";
            r.File.Dashboards[0].Cards[1].Y = ["no_such_column"];
            await store.SaveAsync(r.File, Actor.System, default);
        }

        var page = WebUtility.HtmlDecode(await fixture.App.Client().GetStringAsync($"/en/r/{region}/covid19"));
        Assert.Contains("'no-such-dataset', is not published", page, StringComparison.Ordinal);
        Assert.Contains("has no column 'no_such_column'", page, StringComparison.Ordinal);
        Assert.Equal(result.Cards.Count - 2, Regex.Count(page, "<table>"));
        var download = await fixture.App.Client().GetAsync($"/en/r/{region}/covid19/cards/{result.Cards[0].Slug}/data.csv");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync($"/en/r/{region}/covid19/cards/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.App.Client().GetAsync("/en/r/nowhere/covid19")).StatusCode);
    }

    private static string Section(string html, string slug)
    {
        var start = html.IndexOf($"id=\"card-{slug}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no card {slug}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("<th scope=\"row\">")]
    private static partial Regex BodyRows();
}

/// <summary>The staff pages: a region imported by pasting its file, edited, refused with its problems listed, kept from citizens.</summary>
public sealed class DashboardAdminTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Staff_ImportEditAndDownloadARegion_ProblemsAreListed_CitizensAreKeptOut()
    {
        var (staffUser, secret) = await People.CreateAsync(fixture.App, Madang.Core.Permissions.Roles.Staff, totp: true);
        var staff = await People.SignInAsync(fixture.App, staffUser, secret);
        var slug = "osaka-" + Guid.NewGuid().ToString("N")[..6];
        var file = Madang.Dashboards.Demo.DemoRegion.Example();
        file.Region.Slug = slug;
        file.Region.Name = Text.Of("오사카부", "大阪府", "Osaka", "大阪府", "大阪府");

        var response = await Madang.Testing.Forms.PostAsync(staff, "/en/admin/dashboards?handler=Import",
            new Dictionary<string, string> { ["Pasted"] = RegionFiles.ToYaml(file) }, "/en/admin/dashboards");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await staff.GetStringAsync("/en/admin/dashboards");
        Assert.Contains("Region &#x27;Osaka&#x27; created.", list, StringComparison.Ordinal);
        Assert.Contains(slug, list, StringComparison.Ordinal);

        // A broken edit is refused with every problem and where it is; nothing changes.
        var yaml = await staff.GetStringAsync($"/en/admin/dashboards?handler=File&slug={slug}&format=yaml");
        Assert.Contains("kind: time-series", yaml, StringComparison.Ordinal);
        response = await Madang.Testing.Forms.PostAsync(staff, $"/en/admin/dashboards/edit/{slug}",
            new Dictionary<string, string> { ["Definition"] = yaml.Replace("kind: time-series", "kind: pie", StringComparison.Ordinal).Replace("colour: '#0b5394'", "colour: blue", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);
        Assert.Contains(".kind: must be one of number, time-series, bars, stacked, table, tree, map.", page, StringComparison.Ordinal);

        // A good edit: a new title shows on the public page at once.
        response = await Madang.Testing.Forms.PostAsync(staff, $"/en/admin/dashboards/edit/{slug}",
            new Dictionary<string, string> { ["Definition"] = yaml.Replace("en: Infectious disease", "en: Osaka health watch", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Osaka health watch", await fixture.App.Client().GetStringAsync($"/en/r/{slug}/health"), StringComparison.Ordinal);

        // Citizens and passers-by cannot reach the staff pages.
        var anonymous = fixture.App.Client();
        var denied = await anonymous.GetAsync("/en/admin/dashboards");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        var (citizenUser, _) = await People.CreateAsync(fixture.App, Madang.Core.Permissions.Roles.Citizen, totp: false);
        var citizen = await People.SignInAsync(fixture.App, citizenUser, null);
        Assert.NotEqual(HttpStatusCode.OK, (await citizen.GetAsync($"/en/admin/dashboards/edit/{slug}")).StatusCode);

        response = await Madang.Testing.Forms.PostAsync(staff, "/en/admin/dashboards?handler=Delete", new Dictionary<string, string> { ["slug"] = slug }, "/en/admin/dashboards");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/en/r/{slug}/health")).StatusCode);
    }
}
