using System.Net;
using Madang.Core.Audit;
using Madang.Core.Localization;
using Madang.Core.Permissions;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Data;

/// <summary>The catalogue's pages over HTTP: search with facets, what stays hidden, the publisher's department scope and form errors.</summary>
public sealed class DataPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private async Task<Dataset> DatasetAsync(Guid org, string title, string tag, string theme = "ECON", DatasetState state = DatasetState.Published,
        string? description = null, string? english = null)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var name = "t-" + Guid.NewGuid().ToString("N")[..12];
        return await catalog.SaveAsync(new DatasetInput
        {
            Name = name,
            OrganisationId = org,
            Title = new LocalizedText { Ko = title, En = english },
            Description = new LocalizedText { Ko = description },
            LicenseId = "CC-BY-4.0",
            Tags = [tag],
            Themes = [theme],
            State = state,
        }, Actor.System);
    }

    [Fact]
    public async Task Catalogue_FiltersByFacets_AndHidesPrivateAndDeletedDatasets()
    {
        var org = await People.OrganisationAsync(fixture.App);
        var tag = "tag" + Guid.NewGuid().ToString("N")[..8];
        var budget = await DatasetAsync(org.Id, "예산 " + tag, tag, "ECON", english: "Budget " + tag);
        var buses = await DatasetAsync(org.Id, "버스 " + tag, tag + "x", "TRAN");
        var hidden = await DatasetAsync(org.Id, "비공개 " + tag, tag, "ECON", DatasetState.Private);
        var draft = await DatasetAsync(org.Id, "작성중 " + tag, tag, "ECON", DatasetState.Draft);
        var deleted = await DatasetAsync(org.Id, "삭제됨 " + tag, tag, "ECON");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            await catalog.DeleteAsync((await catalog.FindAsync(deleted.Name))!, Actor.System);
        }

        var client = fixture.App.Client();
        var all = await client.GetStringAsync($"/en/datasets?organization={org.Code}");
        Assert.Contains("Budget " + tag, all, StringComparison.Ordinal); // the reader's language
        Assert.Contains("버스 " + tag, all, StringComparison.Ordinal); // no English title: falls back
        Assert.DoesNotContain("비공개 " + tag, all, StringComparison.Ordinal);
        Assert.DoesNotContain("작성중 " + tag, all, StringComparison.Ordinal);
        Assert.DoesNotContain("삭제됨 " + tag, all, StringComparison.Ordinal);
        Assert.Contains("2 datasets", all, StringComparison.Ordinal);
        Assert.Contains($"value=\"{tag}x\"", all, StringComparison.Ordinal); // the tag facet offers both tags

        var byTag = await client.GetStringAsync($"/en/datasets?organization={org.Code}&tags={tag}");
        Assert.Contains("Budget " + tag, byTag, StringComparison.Ordinal);
        Assert.DoesNotContain("버스 " + tag, byTag, StringComparison.Ordinal);
        Assert.Contains("1 datasets", byTag, StringComparison.Ordinal);
        var byTheme = await client.GetStringAsync($"/ko/datasets?organization={org.Code}&groups=TRAN");
        Assert.Contains("버스 " + tag, byTheme, StringComparison.Ordinal);
        Assert.DoesNotContain("예산 " + tag, byTheme, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/en/datasets/{budget.Name}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/ja/datasets/{buses.Name}")).StatusCode);
        foreach (var gone in new[] { hidden.Name, draft.Name, deleted.Name, "no-such-dataset" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/en/datasets/{gone}")).StatusCode);
        }
    }

    [Fact]
    public async Task DatasetPage_ShowsMetadata_SanitisedMarkdown_ApiCallsAndDcatLinks()
    {
        var org = await People.OrganisationAsync(fixture.App);
        var d = await DatasetAsync(org.Id, "설명 시험", "md", description: "**굵게** [evil](javascript:alert(1)) <script>alert(2)</script> [ok](https://example.org/a)");
        var page = await fixture.App.Client().GetStringAsync($"/en/datasets/{d.Name}");
        Assert.Contains("<strong>굵게</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(2)", page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/a\"", page, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"alternate\" type=\"text/turtle\" href=\"/dataset/{d.Name}.ttl\"", page, StringComparison.Ordinal);
        Assert.Contains($"/dataset/{d.Name}.jsonld", page, StringComparison.Ordinal);
        Assert.Contains($"/dataset/{d.Name}.rdf", page, StringComparison.Ordinal);
        Assert.Contains($"/api/3/action/package_show?id={d.Name}", page, StringComparison.Ordinal);
        Assert.Contains("Creative Commons Attribution 4.0", page, StringComparison.Ordinal);
        Assert.Contains($"/en/organisations/{org.Code}", page, StringComparison.Ordinal); // ask a question
    }

    [Fact]
    public async Task Publisher_SeesAndEditsOnlyTheirDepartmentsDatasets()
    {
        var bureau = await People.OrganisationAsync(fixture.App);
        var division = await People.OrganisationAsync(fixture.App, bureau.Code);
        var other = await People.OrganisationAsync(fixture.App);
        var mine = await DatasetAsync(division.Id, "하위 부서 데이터 " + division.Code, "scope", state: DatasetState.Private);
        var theirs = await DatasetAsync(other.Id, "다른 부서 데이터 " + other.Code, "scope");
        var (user, secret) = await People.CreateAsync(fixture.App, Roles.Staff, totp: true, bureau.Code);
        var client = await People.SignInAsync(fixture.App, user, secret);

        // The staff menu leads a publisher to the catalogue, though the permission is checked per department.
        Assert.Contains("href=\"/en/admin/data\"", await client.GetStringAsync("/en/admin"), StringComparison.Ordinal);
        var list = await client.GetStringAsync("/en/admin/data?q=" + Uri.EscapeDataString("데이터 "));
        Assert.Contains("하위 부서 데이터 " + division.Code, list, StringComparison.Ordinal);
        Assert.DoesNotContain("다른 부서 데이터 " + other.Code, list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/en/admin/data/dataset/{mine.Id}")).StatusCode);
        var refused = await client.GetAsync($"/en/admin/data/dataset/{theirs.Id}");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("access-denied", StringComparison.Ordinal) == true,
            $"got {(int)refused.StatusCode}");

        // Publishing for another department is refused even by posting its code directly.
        var res = await Forms.PostAsync(client, "/en/admin/data/dataset", new Dictionary<string, string>
        {
            ["Input.Name"] = "t-" + Guid.NewGuid().ToString("N")[..10], ["Input.Title.En"] = "Sneaky", ["Input.Organisation"] = other.Code, ["Input.State"] = "Published",
        });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("You can only publish for your departments", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Making the division's dataset public works, and is audited.
        res = await Forms.PostAsync(client, $"/en/admin/data/dataset/{mine.Id}?handler=State", new Dictionary<string, string> { ["state"] = "Published" },
            tokenFromPath: $"/en/admin/data/dataset/{mine.Id}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Client().GetAsync($"/en/datasets/{mine.Name}")).StatusCode);
        await using var db = fixture.App.Database.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "data.dataset.state" && a.TargetId == mine.Id.ToString()));
    }

    [Fact]
    public async Task CreateForm_ShowsErrorsNextToFields_ThenCreates()
    {
        var org = await People.OrganisationAsync(fixture.App);
        var (user, secret) = await People.CreateAsync(fixture.App, Roles.Staff, totp: true, org.Code);
        var client = await People.SignInAsync(fixture.App, user, secret);

        var res = await Forms.PostAsync(client, "/en/admin/data/dataset", new Dictionary<string, string>
        {
            ["Input.Name"] = "Bad Name!", ["Input.Organisation"] = org.Code, ["Input.ContactEmail"] = "not-an-address",
            ["Input.TemporalStart"] = "2025-05-01", ["Input.TemporalEnd"] = "2025-01-01", ["Input.ExtraKeys"] = "", ["Input.ExtraValues"] = "orphan value",
        });
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("id=\"Input_ContactEmail-error\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"Input_ContactEmail-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Each extra field needs a key", html, StringComparison.Ordinal);

        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        res = await Forms.PostAsync(client, "/en/admin/data/dataset", new Dictionary<string, string>
        {
            ["Input.Name"] = "Bad Name!", ["Input.Organisation"] = org.Code, ["Input.TemporalStart"] = "2025-05-01", ["Input.TemporalEnd"] = "2025-01-01",
        });
        html = await res.Content.ReadAsStringAsync();
        Assert.Contains("id=\"Input_Name-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Give a title in at least one language.", html, StringComparison.Ordinal);
        Assert.Contains("The start must not be after the end.", html, StringComparison.Ordinal);

        res = await Forms.PostAsync(client, "/en/admin/data/dataset", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Title.Ja"] = "テスト", ["Input.Organisation"] = org.Code, ["Input.Tags"] = "a, b", ["Input.Themes"] = "HEAL",
            ["Input.LicenseId"] = "CC0-1.0", ["Input.State"] = "Published", ["Input.ExtraKeys"] = "unit", ["Input.ExtraValues"] = "persons",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var shown = await fixture.App.Client().GetStringAsync($"/en/datasets/{name}");
        Assert.Contains("テスト", shown, StringComparison.Ordinal);
        Assert.Contains("persons", shown, StringComparison.Ordinal);

        res = await Forms.PostAsync(client, "/en/admin/data/dataset", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Title.En"] = "Again", ["Input.Organisation"] = org.Code,
        });
        Assert.Contains("That name is already used by another dataset.", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
