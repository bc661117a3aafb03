using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Madang.Data.Api;
using Madang.Data.Domain;
using Madang.Core.Data;
using Madang.Testing;

namespace Madang.Web.Tests.Data;

/// <summary>Downloads, datastore dumps, the REST API and the data rate limits, over real HTTP.</summary>
public sealed class DataDownloadTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Download_StreamsWithTypeNameEtagAndAnswers304()
    {
        var app = fixture.App;
        var org = await People.OrganisationAsync(app);
        var name = DataSeed.Unique("clinics");
        await DataSeed.DatasetAsync(app, org, name, "Clinics");
        const string content = "name,lat,lon\n보건소,37.56,126.97\n";
        var (r, v) = await DataSeed.UploadAsync(app, name, "보건소 목록.csv", content);
        var client = app.Client();

        var res = await client.GetAsync($"/datasets/{name}/resources/{r.Id}/download");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(content, await res.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", res.Content.Headers.ContentType!.MediaType);
        Assert.Equal("보건소 목록.csv", res.Content.Headers.ContentDisposition!.FileNameStar);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        Assert.Equal($"\"{sha}\"", res.Headers.ETag!.Tag);
        Assert.NotNull(res.Content.Headers.LastModified);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());

        var again = new HttpRequestMessage(HttpMethod.Get, $"/datasets/{name}/resources/{r.Id}/download");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        var since = new HttpRequestMessage(HttpMethod.Get, $"/datasets/{name}/resources/{r.Id}/download");
        since.Headers.IfModifiedSince = res.Content.Headers.LastModified!.Value.AddMinutes(1);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(since)).StatusCode);

        // A rejected second version: its publisher may fetch it, the public may not; the first stays live.
        var (_, rejected) = await DataSeed.UploadAsync(app, name, "broken.csv", "name,lat\n\"unterminated\n", VersionStatus.Rejected);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/datasets/{name}/resources/{r.Id}/versions/{rejected.Number}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/datasets/{name}/resources/{r.Id}/versions/{v.Number}/download")).StatusCode);
        var publisher = app.Client();
        publisher.DefaultRequestHeaders.TryAddWithoutValidation("X-CKAN-API-Key", await DataSeed.KeyAsync(app, org.Id));
        Assert.Equal(HttpStatusCode.OK, (await publisher.GetAsync($"/datasets/{name}/resources/{r.Id}/versions/{rejected.Number}/download")).StatusCode);
        Assert.Equal(content, await client.GetStringAsync($"/datasets/{name}/resources/{r.Id}/download"));

        // The resource dictionary's url is that download; a private dataset's file is not public.
        var shown = JsonDocument.Parse(await client.GetStringAsync("/api/3/action/resource_show?id=" + r.Id)).RootElement.GetProperty("result");
        Assert.Equal(new Uri(app.BaseAddress, $"/datasets/{name}/resources/{r.Id}/download").ToString(), shown.GetProperty("url").GetString());
        Assert.Equal("sha256:" + sha, shown.GetProperty("hash").GetString());
        var hidden = DataSeed.Unique("hidden");
        await DataSeed.DatasetAsync(app, org, hidden, "Hidden", state: DatasetState.Private);
        var (hr, _) = await DataSeed.UploadAsync(app, hidden, "h.csv", "a\n1\n");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/datasets/{hidden}/resources/{hr.Id}/download")).StatusCode);
    }

    [Fact]
    public async Task DatastoreDump_StreamsCsvAndJson()
    {
        var app = fixture.App;
        var org = await People.OrganisationAsync(app);
        var name = DataSeed.Unique("dump");
        await DataSeed.DatasetAsync(app, org, name, "Dump");
        var (r, v) = await DataSeed.UploadAsync(app, name, "d.csv", "day,district,count\n");
        await DataSeed.LoadRowsAsync(app, r.Id, v.Id, 3);
        var client = app.Client();

        var csv = await client.GetAsync($"/datastore/dump/{r.Id}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("district", lines[0], StringComparison.Ordinal);
        var json = JsonDocument.Parse(await client.GetStringAsync($"/datastore/dump/{r.Id}?format=json")).RootElement;
        Assert.Equal(3, json.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/datastore/dump/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task RestApi_ListsSearchesAndShows_InTheOpenApiDocument()
    {
        var app = fixture.App;
        var org = await People.OrganisationAsync(app);
        var name = DataSeed.Unique("parks");
        await DataSeed.DatasetAsync(app, org, name, "Parks", "공원", tags: ["green"], themes: ["ENVI"]);
        var (r, v) = await DataSeed.UploadAsync(app, name, "parks.csv", "day,district,count\n");
        await DataSeed.LoadRowsAsync(app, r.Id, v.Id, 5);
        var client = app.Client();

        var found = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/data/datasets?organization={CkanDicts.OrganisationSlug(org.Code)}&tag=green")).RootElement;
        Assert.Equal(1, found.GetProperty("count").GetInt32());
        Assert.Equal(name, found.GetProperty("results")[0].GetProperty("name").GetString());
        Assert.True(found.GetProperty("search_facets").TryGetProperty("groups", out _));
        var dataset = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/data/datasets/{name}?lang=en")).RootElement;
        Assert.Equal("Parks", dataset.GetProperty("title").GetString());
        var versions = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/data/resources/{r.Id}/versions")).RootElement;
        Assert.Equal("accepted", versions[0].GetProperty("status").GetString());
        var rows = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/data/resources/{r.Id}/rows?district=Mapo&limit=2")).RootElement;
        Assert.Equal(3, rows.GetProperty("total").GetInt64());
        var missing = await client.GetAsync("/api/v1/data/datasets/" + DataSeed.Unique("none"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);

        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/data/datasets", "/api/v1/data/datasets/{name}", "/api/v1/data/resources/{id}/rows", "/api/3/action/{action}" })
        {
            Assert.True(paths.TryGetProperty(p, out _), p + " is missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task RateLimit_Answers429WithRetryAfterAndCkanError_PerAddressAndPerKey()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, extraArgs:
            ["--Madang:Data:RateLimits:AnonymousPerMinute=3", "--Madang:Data:RateLimits:PerKeyPerMinute=5"]);
        var org = await People.OrganisationAsync(app);
        var client = app.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/3/action/package_list")).StatusCode);
        }

        var limited = await client.GetAsync("/api/3/action/package_list");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var body = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("Rate Limit Error", body.GetProperty("error").GetProperty("__type").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/data/datasets")).StatusCode);

        // A heavy user's key has its own, larger allowance.
        var keyed = app.Client();
        keyed.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", await DataSeed.KeyAsync(app, org.Id));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("/api/3/action/package_list")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await keyed.GetAsync("/api/3/action/package_list")).StatusCode);
    }
}
