using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Madang.Core.ApiKeys;
using Madang.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

public sealed class OperatorTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Healthz_ReportsDatabaseMigrationsAndQueue()
    {
        var res = await fixture.App.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", doc.RootElement.GetProperty("status").GetString());
        var checks = doc.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "migrations", "jobs" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Metrics_PrometheusTextWithRequestsAndQueue()
    {
        var client = fixture.App.Client();
        await client.GetAsync("/ko/");
        string text = string.Empty;
        for (var i = 0; i < 40 && !(text.Contains("madang_jobs_queue", StringComparison.Ordinal) && text.Contains("http_server_request_duration", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(250);
            text = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("madang_jobs_queue", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_IsOpenApi3_DescribingTheApi()
    {
        var json = await fixture.App.Client().GetStringAsync("/openapi/v1.json");

        // Read back with the OpenAPI reference library: it reports every violation of the specification.
        await using (var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))
        {
            var read = await Microsoft.OpenApi.OpenApiDocument.LoadAsync(stream, "json");
            Assert.True(read.Diagnostic!.Errors.Count == 0, string.Join("\n", read.Diagnostic.Errors.Select(e => e.Pointer + ": " + e.Message)));
            Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0, read.Diagnostic.SpecificationVersion);
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("info").GetProperty("title").GetString()));
        var paths = root.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/search", "/api/v1/organisations", "/api/v1/organisations/{code}", "/api/v1/whoami" })
        {
            Assert.True(paths.TryGetProperty(p, out _), $"{p} is missing from the OpenAPI document");
        }

        var operationIds = new List<string>();
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                Assert.True(op.Value.TryGetProperty("responses", out var responses) && responses.EnumerateObject().Any(), $"{op.Name} {path.Name} has no responses");
                operationIds.Add(op.Value.GetProperty("operationId").GetString()!);
            }
        }

        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());
        Assert.True(root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
        Assert.Equal("ApiKey", paths.GetProperty("/api/v1/whoami").GetProperty("get").GetProperty("security")[0].EnumerateObject().Single().Name);
    }

    [Fact]
    public async Task ApiDocs_ServedFromThisSite()
    {
        var res = await fixture.App.Client(followRedirects: true).GetAsync("/api/docs/");
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"https?://", html);
    }

    [Fact]
    public async Task ApiKey_Bearer_AuthenticatesUntilRevoked()
    {
        var org = await People.OrganisationAsync(fixture.App);
        string secret;
        Guid id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var (key, s) = scope.ServiceProvider.GetRequiredService<ApiKeyService>().Create(org.Id, "e-approval export", Madang.Core.Audit.Actor.System);
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
            (secret, id) = (s, key.Id);
            var stored = scope.ServiceProvider.GetRequiredService<MadangDbContext>().ApiKeys.Single(k => k.Id == id);
            Assert.NotEqual(secret, stored.Hash);
            Assert.DoesNotContain(secret, stored.Hash, StringComparison.Ordinal);
        }

        var client = fixture.App.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/whoami")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var ok = await client.GetAsync("/api/v1/whoami");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains(org.Id.ToString(), await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(id, Madang.Core.Audit.Actor.System));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/whoami")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "mdg_notakey");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/whoami")).StatusCode);
    }

    [Fact]
    public async Task SearchApi_BadRequests_AreProblemDetails()
    {
        var client = fixture.App.Client();
        var res = await client.GetAsync("/api/v1/search");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/search?q=x&limit=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/search?q=x&org=NO-SUCH")).StatusCode);
    }

    [Fact]
    public async Task SearchApi_FindsCjkAndEnglish_WithinAnOrganisationSubtree()
    {
        var parent = await People.OrganisationAsync(fixture.App);
        var child = await People.OrganisationAsync(fixture.App, parent.Code);
        var client = fixture.App.Client();
        foreach (var q in new[] { "예산", "予算", "预算", "預算", "budget" })
        {
            var json = await client.GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&org={parent.Code}");
            using var doc = JsonDocument.Parse(json);
            var keys = doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("key").GetString()).ToList();
            Assert.Contains(parent.Code, keys);
            Assert.Contains(child.Code, keys);
            Assert.Equal(2, keys.Count);
        }
    }
}
