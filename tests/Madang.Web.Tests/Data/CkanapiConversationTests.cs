using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madang.Testing;

namespace Madang.Web.Tests.Data;

/// <summary>
/// The requests the ckanapi client (ckanapi/common.py, remoteckan.py) makes, byte for byte in their shape: a POST of ASCII JSON
/// to <c>{address}/api/action/{name}</c> with its User-Agent, <c>Content-Type: application/json</c> and the key in both
/// <c>Authorization</c> and <c>X-CKAN-API-Key</c>, redirects not followed; and its reading of the answer
/// (<c>reverse_apicontroller_action</c>). PyPI is out of reach here, so the client is replayed rather than installed.
/// </summary>
public sealed class CkanapiConversationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string UserAgent = "ckanapi/4.11 (+https://github.com/ckan/ckanapi)";

    /// <summary>ckanapi's RemoteCKAN.call_action: what it sends and how it turns the answer into a result or an exception.</summary>
    private static readonly JsonSerializerOptions PythonJson = new() { Encoder = JavaScriptEncoder.Default };

    private sealed class RemoteCkan(Uri address, string? apikey) : IDisposable
    {
        private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        public void Dispose() => http.Dispose();

        public async Task<JsonNode?> CallActionAsync(string action, object? dataDict = null)
        {
            // json.dumps(data_dict).encode('ascii'): non-ASCII characters travel as \uXXXX escapes.
            var json = JsonSerializer.Serialize(dataDict ?? new { }, PythonJson);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "api/action/" + action))
            {
                Content = new ByteArrayContent(Encoding.ASCII.GetBytes(json)),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            if (apikey is not null)
            {
                request.Headers.TryAddWithoutValidation("X-CKAN-API-Key", apikey);
                request.Headers.TryAddWithoutValidation("Authorization", apikey);
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var parsed = JsonNode.Parse(body)!.AsObject();
            if (parsed["success"]?.GetValue<bool>() == true)
            {
                return parsed["result"];
            }

            if (parsed["error"] is not JsonObject err)
            {
                throw new InvalidOperationException("ServerIncompatibleError: " + body);
            }

            var message = (err["message"]?.GetValue<string>() ?? string.Empty).Split(": ", 2)[^1];
            throw new CkanError(err["__type"]?.GetValue<string>() ?? "?", message, (int)response.StatusCode);
        }
    }

    private sealed class CkanError(string type, string message, int status) : Exception(message)
    {
        public string Type { get; } = type;

        public int Status { get; } = status;
    }

    [Fact]
    public async Task Ckanapi_DumpsEveryDataset_SearchesInPagesOf1000_AndReadsDatastoreFields()
    {
        var app = fixture.App;
        var org = await People.OrganisationAsync(app);
        var word = "cv" + Guid.NewGuid().ToString("N")[..6];
        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var name = $"{word}-set-{i}";
            names.Add(name);
            await DataSeed.DatasetAsync(app, org, name, $"Set {i} {word}", $"데이터 {i}", tags: ["코로나"]);
        }

        var (r, v) = await DataSeed.UploadAsync(app, names[0], "patients.csv", "day,district,count\n");
        await DataSeed.LoadRowsAsync(app, r.Id, v.Id, 12);
        using var ckan = new RemoteCkan(app.BaseAddress, apikey: null);

        // ckanapi dump datasets --all: package_list, then package_show for each with the extra keys it always adds.
        var list = (await ckan.CallActionAsync("package_list"))!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.True(names.All(list.Contains));
        foreach (var name in list.Where(n => n.StartsWith(word, StringComparison.Ordinal)))
        {
            var pkg = (await ckan.CallActionAsync("package_show", new { id = name, include_datasets = false, include_password_hash = false, include_users = false }))!;
            Assert.Equal(name, pkg["name"]!.GetValue<string>());
            Assert.Equal("코로나", pkg["tags"]![0]!["name"]!.GetValue<string>());
            foreach (var res in pkg["resources"]!.AsArray())
            {
                Assert.StartsWith(app.BaseAddress.ToString().TrimEnd('/'), res!["url"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }

        // ckanapi search: start 0, rows 1000, until a page comes back empty.
        var seen = new List<string>();
        for (var start = 0; ; start += 1000)
        {
            var page = (await ckan.CallActionAsync("package_search", new { q = word, start, rows = 1000 }))!;
            var results = page["results"]!.AsArray();
            if (results.Count == 0)
            {
                break;
            }

            Assert.Equal(4, page["count"]!.GetValue<int>());
            seen.AddRange(results.Select(p => p!["name"]!.GetValue<string>()));
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        // --datastore-fields: datastore_search with limit 0 gives the fields and no records.
        var ds = (await ckan.CallActionAsync("datastore_search", new { resource_id = r.Id.ToString(), limit = 0 }))!;
        Assert.Equal(["_id", "day", "district", "count"], ds["fields"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()));
        Assert.Empty(ds["records"]!.AsArray());

        // Errors come back as the exceptions ckanapi raises: NotFound with the text after "Not found: ".
        var missing = await Assert.ThrowsAsync<CkanError>(() => ckan.CallActionAsync("package_show", new { id = word + "-missing" }));
        Assert.Equal("Not Found Error", missing.Type);
        Assert.Equal(404, missing.Status);
        Assert.Equal("Dataset", missing.Message);
        var denied = await Assert.ThrowsAsync<CkanError>(() => ckan.CallActionAsync("package_create", new { name = word + "-new", owner_org = org.Id }));
        Assert.Equal("Authorization Error", denied.Type);

        // ckanapi load with a key: package_show (missing) → package_create → resource_patch is possible with the key alone.
        using var writer = new RemoteCkan(app.BaseAddress, await DataSeed.KeyAsync(app, org.Id));
        var created = (await writer.CallActionAsync("package_create", new { name = word + "-new", title = "새 데이터", owner_org = org.Id.ToString() }))!;
        Assert.Equal("새 데이터", created["title"]!.GetValue<string>());
        var resource = (await writer.CallActionAsync("resource_create", new { package_id = word + "-new", url = "https://example.org/x.csv" }))!;
        var patched = (await writer.CallActionAsync("resource_patch", new { id = resource["id"]!.GetValue<string>(), name = "x" }))!;
        Assert.Equal("x", patched["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/api/action/package_show?id=" + word + "-new")).StatusCode);
    }
}
