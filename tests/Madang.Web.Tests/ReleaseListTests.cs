using System.Net;
using System.Text;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>Browsing published documents by department (with those under it), type, disclosure class and approval dates, on the page and the API.</summary>
public sealed class ReleaseListTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private async Task<Guid> PublishAsync(string org, string title, string type, string disclosure, string approvedAt)
    {
        Guid id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<IntakeService>().ReceiveAsync("test", new IntakeMetadata
            {
                SourceId = Guid.NewGuid().ToString("N"), Title = title, Department = org, ApprovedAt = approvedAt, Type = type, Disclosure = disclosure,
            }, [new IntakeFile("a.txt", new MemoryStream(Encoding.UTF8.GetBytes("본문입니다.")))], Actor.System, CancellationToken.None);
            id = outcome.Document!.Id;
        }

        for (var i = 0; i < 150; i++)
        {
            await using var db = fixture.App.Database.NewContext();
            if (await db.Set<ReleaseDocument>().AnyAsync(d => d.Id == id && d.State == DocumentState.Published))
            {
                return id;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("not published");
    }

    private async Task<IReadOnlyList<string>> TitlesAsync(string query)
    {
        var json = JsonDocument.Parse(await fixture.App.Client().GetStringAsync("/api/v1/release/documents?limit=100&" + query)).RootElement;
        return json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();
    }

    [Fact]
    public async Task Filters_ByDepartmentTree_Type_Class_AndDates_OnTheApiAndThePage()
    {
        var bureau = await People.OrganisationAsync(fixture.App);
        var division = await People.OrganisationAsync(fixture.App, bureau.Code);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await PublishAsync(bureau.Code, $"국 회의록 {tag}", "minutes", "public", "2026-03-10T10:00:00+09:00");
        await PublishAsync(division.Code, $"과 보고서 {tag}", "report", "public", "2026-05-20T10:00:00+09:00");
        // Approved at 08:00 in Seoul on 1 June: still 31 May in UTC, yet 1 June on the page and for the filter.
        await PublishAsync(division.Code, $"과 비공개 결재 {tag}", "approval", "nonpublic", "2026-06-01T08:00:00+09:00");

        Assert.Equal(3, (await TitlesAsync($"department={bureau.Code}")).Count); // the bureau's tree
        Assert.Equal(2, (await TitlesAsync($"department={division.Code}")).Count);
        Assert.Equal([$"국 회의록 {tag}"], await TitlesAsync($"department={bureau.Code}&type=minutes"));
        Assert.Equal([$"과 비공개 결재 {tag}"], await TitlesAsync($"department={bureau.Code}&disclosure=nonpublic"));
        Assert.Equal([$"과 비공개 결재 {tag}"], await TitlesAsync($"department={bureau.Code}&from=2026-06-01"));
        var untilMay = await TitlesAsync($"department={bureau.Code}&to=2026-05-31");
        Assert.Equal(2, untilMay.Count);
        Assert.DoesNotContain($"과 비공개 결재 {tag}", untilMay);

        var bad = await fixture.App.Client().GetAsync("/api/v1/release/documents?type=memo&from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("type 'memo'", problem, StringComparison.Ordinal);
        Assert.Contains("from 'yesterday'", problem, StringComparison.Ordinal);

        var page = await fixture.App.Client().GetStringAsync($"/en/documents?department={bureau.Code}&type=Report&from=2026-05-01");
        Assert.Contains($"과 보고서 {tag}", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"국 회의록 {tag}", page, StringComparison.Ordinal);
        var lenient = await fixture.App.Client().GetStringAsync($"/en/documents?department={bureau.Code}&to=not-a-date");
        Assert.Contains("Part of the filter could not be read", lenient, StringComparison.Ordinal);
        Assert.Contains($"국 회의록 {tag}", lenient, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_FiltersByDepartmentTreeAndSourceId_AndPagesWithoutLosingAny()
    {
        var bureau = await People.OrganisationAsync(fixture.App);
        var division = await People.OrganisationAsync(fixture.App, bureau.Code);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await PublishAsync(division.Code, $"파이프라인 {i}", "report", "public", "2026-11-02"));
        }

        var (staff, secret) = await People.CreateAsync(fixture.App, Madang.Core.Permissions.Roles.Staff, totp: true, bureau.Code);
        var client = await People.SignInAsync(fixture.App, staff, secret);
        var page = await client.GetStringAsync($"/en/admin/release?department={bureau.Code}");
        Assert.Equal(3, ids.Count(id => page.Contains($"/en/documents/{id}", StringComparison.Ordinal)));

        await using var db = fixture.App.Database.NewContext();
        var source = await db.Set<ReleaseDocument>().Where(d => d.Id == ids[1]).Select(d => d.SourceId).SingleAsync();
        var one = await client.GetStringAsync($"/en/admin/release?q={source}");
        Assert.Contains($"/en/documents/{ids[1]}", one, StringComparison.Ordinal);
        Assert.DoesNotContain($"/en/documents/{ids[0]}", one, StringComparison.Ordinal);

        // The cursor of the newest row pages on to the rest, ties on the received time broken by id.
        var newest = await db.Set<ReleaseDocument>().Where(d => ids.Contains(d.Id)).OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Id).FirstAsync();
        var rest = await client.GetStringAsync($"/en/admin/release?department={bureau.Code}&after={newest.ReceivedAt.UtcTicks}_{newest.Id:N}");
        Assert.DoesNotContain($"/en/documents/{newest.Id}", rest, StringComparison.Ordinal);
        Assert.Equal(2, ids.Count(id => rest.Contains($"/en/documents/{id}", StringComparison.Ordinal)));
    }
}
