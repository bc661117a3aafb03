using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Madang.Data.Api;
using Madang.Data.Domain;
using Madang.Core.Data;
using Madang.Testing;

namespace Madang.Web.Tests.Data;

/// <summary>The CKAN Action API over real HTTP: envelope, search, show, errors and the write actions with API keys.</summary>
public sealed class CkanApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpClient client, string action, object? body = null, string prefix = "/api/3/action/")
    {
        var res = body is null
            ? await client.GetAsync(prefix + action)
            : await client.PostAsync(prefix + action, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static JsonElement Result((HttpStatusCode Status, JsonElement Body) r)
    {
        Assert.True(r.Status == HttpStatusCode.OK, r.Body.ToString());
        Assert.True(r.Body.GetProperty("success").GetBoolean());
        Assert.Contains("/api/3/action/help_show", r.Body.GetProperty("help").GetString(), StringComparison.Ordinal);
        return r.Body.GetProperty("result");
    }

    private static List<string> Names(JsonElement results) => results.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SearchAndShow_AnswerInCkanShape_OnBothDatabases(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider));
        var org = await People.OrganisationAsync(app);
        var other = await People.OrganisationAsync(app);
        var slug = CkanDicts.OrganisationSlug(org.Code);
        var word = "zq" + Guid.NewGuid().ToString("N")[..6];
        await DataSeed.DatasetAsync(app, org, "bus-stops-" + word, "Bus stops " + word, "버스 정류장", tags: ["transport", "bus stop"], themes: ["TRAN"]);
        await DataSeed.DatasetAsync(app, org, "air-quality-" + word, "Air quality " + word, tags: ["environment"], themes: ["ENVI"], license: "CC0-1.0");
        await DataSeed.DatasetAsync(app, other, "budget-" + word, "Budget " + word, tags: ["finance"]);
        await DataSeed.DatasetAsync(app, org, "secret-" + word, "Secret " + word, state: DatasetState.Private);
        await DataSeed.DatasetAsync(app, org, "draft-" + word, "Draft " + word, state: DatasetState.Draft);
        await DataSeed.LinkAsync(app, "bus-stops-" + word, "https://example.org/stops.csv", "CSV");
        var client = app.Client();

        var list = Result(await CallAsync(client, "package_list")).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("bus-stops-" + word, list);
        Assert.DoesNotContain("secret-" + word, list);
        Assert.DoesNotContain("draft-" + word, list);

        // Text, a quoted tag, an organisation and facets, as CKAN clients send them in a query string.
        var search = Result(await CallAsync(client, $"package_search?q={word}&fq=organization:{slug}&facet.field=%5B%22tags%22,%22organization%22,%22res_format%22,%22groups%22%5D&sort=name%20asc"));
        Assert.Equal(2, search.GetProperty("count").GetInt32());
        Assert.Equal(["air-quality-" + word, "bus-stops-" + word], Names(search.GetProperty("results")));
        var tagItems = search.GetProperty("search_facets").GetProperty("tags").GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(tagItems, i => i.GetProperty("name").GetString() == "bus stop" && i.GetProperty("count").GetInt32() == 1);
        Assert.Equal(2, search.GetProperty("facets").GetProperty("organization").GetProperty(slug).GetInt32());
        Assert.Equal(1, search.GetProperty("facets").GetProperty("res_format").GetProperty("CSV").GetInt32());
        Assert.Contains(search.GetProperty("search_facets").GetProperty("groups").GetProperty("items").EnumerateArray(),
            i => i.GetProperty("name").GetString() == "tran" && i.GetProperty("display_name").GetString() == "교통");

        var quoted = Result(await CallAsync(client, "package_search", new { q = word, fq = "tags:\"bus stop\"", rows = 1000 }));
        Assert.Equal(["bus-stops-" + word], Names(quoted.GetProperty("results")));
        var byLicence = Result(await CallAsync(client, "package_search", new { fq = $"license_id:CC0-1.0 +name:air-quality-{word}" }));
        Assert.Equal(["air-quality-" + word], Names(byLicence.GetProperty("results")));
        var paged = Result(await CallAsync(client, "package_search", new { q = word, rows = 1, start = 1, sort = "name asc" }));
        Assert.Equal(3, paged.GetProperty("count").GetInt32());
        Assert.Equal(["budget-" + word], Names(paged.GetProperty("results")));

        // The same dataset by the short route with a POSTed JSON body, in CKAN's dictionary with fluent translations.
        var pkg = Result(await CallAsync(client, "package_show", new { id = "bus-stops-" + word, include_tracking = true }, "/api/action/"));
        Assert.Equal("dataset", pkg.GetProperty("type").GetString());
        Assert.Equal("버스 정류장", pkg.GetProperty("title").GetString());
        Assert.Equal("Bus stops " + word, pkg.GetProperty("title_translated").GetProperty("en").GetString());
        Assert.Equal(slug, pkg.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal(org.Id.ToString(), pkg.GetProperty("owner_org").GetString());
        Assert.True(pkg.GetProperty("isopen").GetBoolean());
        Assert.Equal(2, pkg.GetProperty("num_tags").GetInt32());
        Assert.Equal("tran", pkg.GetProperty("groups")[0].GetProperty("name").GetString());
        var resource = pkg.GetProperty("resources")[0];
        Assert.Equal("https://example.org/stops.csv", resource.GetProperty("url").GetString());
        Assert.Equal(pkg.GetProperty("id").GetString(), resource.GetProperty("package_id").GetString());
        Assert.False(resource.GetProperty("datastore_active").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", pkg.GetProperty("metadata_modified").GetString()!);

        var shownResource = Result(await CallAsync(client, "resource_show?id=" + resource.GetProperty("id").GetString()));
        Assert.Equal("CSV", shownResource.GetProperty("format").GetString());

        // Private and draft datasets do not exist for anonymous callers.
        var secret = await CallAsync(client, "package_show?id=secret-" + word);
        Assert.Equal(HttpStatusCode.NotFound, secret.Status);
        Assert.Equal("Not Found Error", secret.Body.GetProperty("error").GetProperty("__type").GetString());
        Assert.Equal(0, Result(await CallAsync(client, "package_search?q=Secret%20" + word)).GetProperty("count").GetInt32());

        var orgShow = Result(await CallAsync(client, "organization_show?id=" + slug));
        Assert.Equal(2, orgShow.GetProperty("package_count").GetInt32());
        var orgs = Result(await CallAsync(client, "organization_list?all_fields=true&limit=1000"));
        Assert.Contains(orgs.EnumerateArray(), o => o.GetProperty("name").GetString() == slug);
        var groups = Result(await CallAsync(client, "group_list")).EnumerateArray().Select(g => g.GetString()).ToList();
        Assert.Equal(Themes.Codes.Count, groups.Count);
        Assert.True(Result(await CallAsync(client, "group_show?id=tran")).GetProperty("package_count").GetInt32() >= 1);
        Assert.Contains("bus stop", Result(await CallAsync(client, "tag_list?query=bus")).EnumerateArray().Select(t => t.GetString()));
        Assert.Contains(Result(await CallAsync(client, "license_list")).EnumerateArray(), l => l.GetProperty("id").GetString() == "KOGL-Type1");
        Assert.Equal(CkanApi.CkanVersion, Result(await CallAsync(client, "status_show")).GetProperty("ckan_version").GetString());
        Assert.True(Result(await CallAsync(client, "site_read")).GetBoolean());
    }

    [Fact]
    public async Task Errors_HaveCkansTypesAndStatusCodes()
    {
        var client = fixture.App.Client();
        var unknown = await CallAsync(client, "no_such_action");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.False(unknown.Body.GetProperty("success").GetBoolean());
        Assert.Contains("Action name not known", unknown.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        var badJson = await client.PostAsync("/api/3/action/package_search", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.False(JsonDocument.Parse(await badJson.Content.ReadAsStringAsync()).RootElement.GetProperty("success").GetBoolean());

        var missing = await CallAsync(client, "package_show?id=" + DataSeed.Unique("none"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.StartsWith("Not found: ", missing.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        var noId = await CallAsync(client, "package_show");
        Assert.Equal(HttpStatusCode.Conflict, noId.Status);
        Assert.Equal("Validation Error", noId.Body.GetProperty("error").GetProperty("__type").GetString());
        Assert.Equal("Missing value", noId.Body.GetProperty("error").GetProperty("id")[0].GetString());

        var badRows = await CallAsync(client, "package_search?rows=lots");
        Assert.Equal(HttpStatusCode.Conflict, badRows.Status);
        Assert.True(badRows.Body.GetProperty("error").TryGetProperty("rows", out _));

        var badSort = await CallAsync(client, "package_search?sort=colour%20asc");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.Status);
        Assert.Equal("Search Query Error", badSort.Body.GetProperty("error").GetProperty("__type").GetString());

        // Unknown parameters are ignored, as CKAN does.
        Result(await CallAsync(client, "package_search", new { q = "x", include_password_hash = true, qf = "title^4" }));
    }

    [Fact]
    public async Task WriteActions_NeedAKeyOfTheDatasetsOrganisation()
    {
        var app = fixture.App;
        var org = await People.OrganisationAsync(app);
        var team = await People.OrganisationAsync(app, org.Code);
        var stranger = await People.OrganisationAsync(app);
        var key = await DataSeed.KeyAsync(app, org.Id);
        var strangerKey = await DataSeed.KeyAsync(app, stranger.Id);
        var name = DataSeed.Unique("counts");
        var create = new
        {
            name, title = "Daily counts", notes_translated = new { ko = "일별 집계", en = "Counts per day" },
            owner_org = CkanDicts.OrganisationSlug(team.Code), license_id = "CC-BY-4.0", tags = new[] { new { name = "covid" } },
            groups = new[] { new { name = "heal" } }, extras = new[] { new { key = "source_system", value = "ehealth" } },
        };

        var anonymous = await CallAsync(app.Client(), "package_create", create);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.Status);
        Assert.Equal("Authorization Error", anonymous.Body.GetProperty("error").GetProperty("__type").GetString());

        var badKey = app.Client();
        badKey.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "mdg_not-a-real-key");
        Assert.Equal(HttpStatusCode.Forbidden, (await CallAsync(badKey, "package_create", create)).Status);

        var outsider = app.Client();
        outsider.DefaultRequestHeaders.TryAddWithoutValidation("X-CKAN-API-Key", strangerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await CallAsync(outsider, "package_create", create)).Status);

        // The key of a parent organisation publishes for the team under it; CKAN clients send the key bare.
        var publisher = app.Client();
        publisher.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", key);
        var created = Result(await CallAsync(publisher, "package_create", create));
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal(team.Id.ToString(), created.GetProperty("owner_org").GetString());
        Assert.Equal("일별 집계", created.GetProperty("notes_translated").GetProperty("ko").GetString());
        Assert.Equal("heal", created.GetProperty("groups")[0].GetProperty("name").GetString());
        Assert.Equal("ehealth", created.GetProperty("extras")[0].GetProperty("value").GetString());
        Result(await CallAsync(app.Client(), "package_show?id=" + name));

        var duplicate = await CallAsync(publisher, "package_create", create);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.True(duplicate.Body.GetProperty("error").TryGetProperty("name", out _));

        Assert.Equal(HttpStatusCode.Forbidden, (await CallAsync(outsider, "package_patch", new { id = name, title = "Taken over" })).Status);
        var patched = Result(await CallAsync(publisher, "package_patch", new { id = name, title_translated = new { en = "Counts by day" } }));
        Assert.Equal("Counts by day", patched.GetProperty("title_translated").GetProperty("en").GetString());
        Assert.Equal("covid", patched.GetProperty("tags")[0].GetProperty("name").GetString());

        // package_update replaces: what is not sent is cleared.
        var updated = Result(await CallAsync(publisher, "package_update", new { id = name, title = "Counts", owner_org = team.Id, @private = true }));
        Assert.Equal(0, updated.GetProperty("num_tags").GetInt32());
        Assert.True(updated.GetProperty("private").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(app.Client(), "package_show?id=" + name)).Status);
        Assert.True(Result(await CallAsync(publisher, "package_show?id=" + name)).GetProperty("private").GetBoolean());
        Assert.Equal(1, Result(await CallAsync(publisher, "package_search", new { q = "Counts", fq = "name:" + name, include_private = true })).GetProperty("count").GetInt32());

        var link = Result(await CallAsync(publisher, "resource_create", new { package_id = name, url = "https://example.org/a.json", name = "Feed", format = "json" }));
        Assert.Equal("JSON", link.GetProperty("format").GetString());
        var renamed = Result(await CallAsync(publisher, "resource_patch", new { id = link.GetProperty("id").GetString(), name = "Live feed" }));
        Assert.Equal("Live feed", renamed.GetProperty("name").GetString());
        // The dataset is private now: to a key of another organisation it does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(outsider, "resource_patch", new { id = link.GetProperty("id").GetString(), name = "x" })).Status);

        // An upload, multipart as ckanapi sends it (every value a string); its url is Madang's absolute download address.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "package_id" },
            { new StringContent("Counts file"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("day,count\n2020-03-01,4\n")), "upload", "counts.csv" },
        };
        var upload = await publisher.PostAsync("/api/action/resource_create", form);
        var uploaded = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("result");
        Assert.Equal("CSV", uploaded.GetProperty("format").GetString());
        Assert.Equal($"{app.BaseAddress.ToString().TrimEnd('/')}/datasets/{name}/resources/{uploaded.GetProperty("id").GetString()}/download",
            uploaded.GetProperty("url").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await publisher.GetAsync("/api/3/action/package_create?name=x")).StatusCode);
    }

    [Fact]
    public async Task DatastoreSearch_PagesWithLinksAndKeysetCursor()
    {
        var app = fixture.App;
        var org = await People.OrganisationAsync(app);
        var name = DataSeed.Unique("daily");
        await DataSeed.DatasetAsync(app, org, name, "Daily");
        var (r, v) = await DataSeed.UploadAsync(app, name, "daily.csv", "day,district,count\n");
        await DataSeed.LoadRowsAsync(app, r.Id, v.Id, 25);
        var client = app.Client();

        var none = Result(await CallAsync(client, "datastore_search", new { resource_id = r.Id, limit = 0 }));
        Assert.Equal(25, none.GetProperty("total").GetInt64());
        Assert.Empty(none.GetProperty("records").EnumerateArray());
        Assert.Equal(["_id", "day", "district", "count"], none.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray());

        var filtered = Result(await CallAsync(client, $"datastore_search?resource_id={r.Id}&filters=%7B%22district%22:%22Mapo%22%7D&sort=count%20desc&limit=2"));
        Assert.Equal(13, filtered.GetProperty("total").GetInt64());
        Assert.Equal(24, filtered.GetProperty("records")[0].GetProperty("count").GetInt64());
        Assert.Contains("offset=2", filtered.GetProperty("_links").GetProperty("next").GetString(), StringComparison.Ordinal);

        var page = Result(await CallAsync(client, "datastore_search", new { resource_id = r.Id, limit = 10, records_format = "lists" }));
        var next = page.GetProperty("next_page").GetString()!;
        var second = Result(await CallAsync(client, next.Replace("/api/3/action/", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(11L, second.GetProperty("records")[0][0].GetInt64());

        var csv = Result(await CallAsync(client, "datastore_search", new { resource_id = r.Id, limit = 1, records_format = "csv", fields = "district,count" }));
        Assert.Equal("Mapo,0\n", csv.GetProperty("records").GetString());

        var badField = await CallAsync(client, "datastore_search", new { resource_id = r.Id, filters = new { colour = "red" } });
        Assert.Equal(HttpStatusCode.Conflict, badField.Status);

        // datastore_upsert writes only with a key of the organisation.
        var rows = new { resource_id = r.Id, method = "insert", records = new[] { new { day = "2021-01-01", district = "Gangnam", count = 99 } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await CallAsync(client, "datastore_upsert", rows)).Status);
        var publisher = app.Client();
        publisher.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DataSeed.KeyAsync(app, org.Id));
        Result(await CallAsync(publisher, "datastore_upsert", rows));
        Assert.Equal(1, Result(await CallAsync(client, "datastore_search", new { resource_id = r.Id, filters = new { district = "Gangnam" } })).GetProperty("total").GetInt64());
    }
}
