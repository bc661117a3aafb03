using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Data;

/// <summary>The DCAT-AP catalogue, parsed by a real RDF parser (rdflib) in all three serialisations.</summary>
public sealed class DcatTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Catalog_ParsesAsRdf_AndEveryDatasetCarriesTheRequiredProperties(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider));
        var org = await People.OrganisationAsync(app);
        var (full, _) = await CreateAsync(app, org.Id, "daily-counts", DatasetState.Published, contact: true);
        await CreateAsync(app, org.Id, "hidden-draft", DatasetState.Private, contact: false);
        await CreateAsync(app, org.Id, "no-contact", DatasetState.Published, contact: false);

        foreach (var format in new[] { "ttl", "jsonld", "rdf" })
        {
            var res = await app.Client().GetAsync($"/catalog.{format}");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var body = await res.Content.ReadAsStringAsync();
            using var report = await ParseAsync(body, format);
            var datasets = report.RootElement.GetProperty("datasets");
            // The private dataset is not in the catalogue.
            Assert.Equal(2, datasets.GetArrayLength());
            Assert.DoesNotContain("hidden-draft", body, StringComparison.Ordinal);
            foreach (var d in datasets.EnumerateArray())
            {
                Assert.True(d.GetProperty("missing").GetArrayLength() == 0, $"{format}: {d}");
                foreach (var dist in d.GetProperty("distributions").EnumerateArray())
                {
                    Assert.True(dist.GetProperty("missing").GetArrayLength() == 0, $"{format}: {dist}");
                }
            }

            Assert.True(report.RootElement.GetProperty("catalogMissing").GetArrayLength() == 0, $"{format}: {report.RootElement}");
            var counts = datasets.EnumerateArray().Single(d => d.GetProperty("uri").GetString()!.EndsWith(full.Id.ToString(), StringComparison.Ordinal));
            // Titles in five languages, with their language tags.
            Assert.Equal(5, counts.GetProperty("titleLanguages").GetArrayLength());
            Assert.Equal(2, counts.GetProperty("distributions").GetArrayLength());
        }

        // The sitemap lists the public datasets' pages, not the private one.
        var index = await app.Client().GetStringAsync("/sitemap.xml");
        Assert.Contains("/sitemaps/data-0.xml", index, StringComparison.Ordinal);
        var sitemap = await app.Client().GetStringAsync("/sitemaps/data-0.xml");
        Assert.Contains("/ko/datasets/daily-counts", sitemap, StringComparison.Ordinal);
        Assert.Contains("/ja/datasets/no-contact", sitemap, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-draft", sitemap, StringComparison.Ordinal);

        var one = await app.Client().GetAsync("/dataset/daily-counts.ttl");
        Assert.Equal("text/turtle", one.Content.Headers.ContentType!.MediaType);
        using var single = await ParseAsync(await one.Content.ReadAsStringAsync(), "ttl");
        Assert.Equal(1, single.RootElement.GetProperty("datasets").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/dataset/hidden-draft.ttl")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/dataset/nothing-here.jsonld")).StatusCode);
        var byId = await app.Client().GetAsync($"/dataset/{full.Id}");
        Assert.Equal(HttpStatusCode.Redirect, byId.StatusCode);
        Assert.EndsWith("/datasets/daily-counts", byId.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_IsPaged_AndHarvestersCanFollowNextPage()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var org = await People.OrganisationAsync(app);
        for (var i = 0; i < 105; i++)
        {
            await CreateAsync(app, org.Id, $"set-{i:000}", DatasetState.Published, contact: false, resources: false);
        }

        var seen = new HashSet<string>();
        string? next = "/catalog.ttl";
        var pages = 0;
        while (next is not null)
        {
            var body = await app.Client().GetStringAsync(next);
            using var report = await ParseAsync(body, "ttl");
            foreach (var d in report.RootElement.GetProperty("datasets").EnumerateArray())
            {
                Assert.True(seen.Add(d.GetProperty("uri").GetString()!));
            }

            next = report.RootElement.GetProperty("nextPage").GetString() is { } n ? new Uri(n).PathAndQuery : null;
            pages++;
        }

        Assert.Equal(2, pages);
        Assert.Equal(105, seen.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/catalog.ttl?page=3")).StatusCode);
    }

    private static async Task<(Dataset, DataResource?)> CreateAsync(MadangTestApp app, Guid orgId, string name, DatasetState state, bool contact, bool resources = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var d = await catalog.SaveAsync(new DatasetInput
        {
            Name = name,
            Title = LocalizedText.Of("일별 검사 건수 \"따옴표\"", "日別検査件数", "Daily tests <&>", "每日检测数", "每日檢測數"),
            Description = LocalizedText.Of("서울시 일별 검사\n두 번째 줄", "東京都の日別検査", "Daily tests in the city", "每日检测", "每日檢測"),
            OrganisationId = orgId,
            LicenseId = "CC-BY-4.0",
            Frequency = "DAILY",
            TemporalStart = new DateOnly(2020, 1, 24),
            TemporalEnd = new DateOnly(2020, 12, 31),
            Spatial = "Seoul",
            ContactName = contact ? "Data team" : null,
            ContactEmail = contact ? "data@city.example" : null,
            Tags = ["코로나19", "検査", "tests"],
            Themes = ["HEAL", "SOCI"],
            State = state,
        }, Actor.System);
        if (!resources)
        {
            return (d, null);
        }

        await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Link, LinkUrl = "https://example.org/data.json", Format = "JSON", Name = LocalizedText.Of("링크", "リンク", "Link", "链接", "連結") }, Actor.System);
        var upload = await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Upload, Name = LocalizedText.Of("검사", "検査", "Tests", "检测", "檢測") }, Actor.System);
        using var csv = new MemoryStream("date,tests\n2020-01-24,10\n"u8.ToArray());
        var v = await catalog.AddVersionAsync(d, upload, csv, "tests.csv", "First upload", Actor.System);
        // The processing job's verdict is not this test's subject: the version is taken as accepted.
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await db.Set<ResourceVersion>().Where(x => x.Id == v.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, VersionStatus.Accepted));
        await db.Set<DataResource>().Where(x => x.Id == upload.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CurrentVersionId, v.Id));
        return (d, upload);
    }

    private const string Checker = """
        import json, sys, rdflib
        from rdflib.namespace import RDF, DCAT, DCTERMS
        fmt = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}[sys.argv[1]]
        g = rdflib.Graph()
        g.parse(data=sys.stdin.read(), format=fmt)
        HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
        def missing(s, props):
            return [p for p in props if (s, rdflib.URIRef(p), None) not in g]
        ds_props = [str(DCTERMS.title), str(DCTERMS.description), str(DCAT.contactPoint), str(DCAT.distribution), str(DCAT.keyword),
                    str(DCTERMS.publisher), str(DCAT.theme), str(DCTERMS.temporal), str(DCTERMS.spatial)]
        dist_props = [str(DCAT.accessURL), str(DCTERMS.format), str(DCTERMS.license)]
        out = {"datasets": [], "catalogMissing": [], "nextPage": None}
        for c in g.subjects(RDF.type, DCAT.Catalog):
            out["catalogMissing"] = missing(c, [str(DCTERMS.title), str(DCTERMS.description), str(DCTERMS.publisher), str(DCAT.dataset)])
        for p in g.subjects(RDF.type, HYDRA.PagedCollection):
            n = g.value(p, HYDRA.nextPage)
            out["nextPage"] = str(n) if n is not None else None
        for d in g.subjects(RDF.type, DCAT.Dataset):
            dists = []
            for dist in g.objects(d, DCAT.distribution):
                m = missing(dist, dist_props)
                if (dist, DCAT.downloadURL, None) in g and (dist, DCAT.byteSize, None) not in g:
                    m.append(str(DCAT.byteSize))
                dists.append({"uri": str(dist), "missing": m})
            langs = sorted({o.language for o in g.objects(d, DCTERMS.title)})
            out["datasets"].append({"uri": str(d), "missing": missing(d, ds_props) if dists else missing(d, ds_props[:3] + ds_props[4:]),
                                    "distributions": dists, "titleLanguages": langs})
        print(json.dumps(out))
        """;

    /// <summary>Parses RDF with rdflib and reports, per dataset and distribution, which required properties are missing.</summary>
    private static async Task<JsonDocument> ParseAsync(string body, string format)
    {
        var psi = new ProcessStartInfo(TestEnvironment.Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Checker);
        psi.ArgumentList.Add(format);
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(body);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"rdflib could not parse the {format} catalogue: {await stderr}");
        return JsonDocument.Parse(await stdout);
    }
}
