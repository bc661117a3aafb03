using System.Net;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Localization;
using Madang.Core.Permissions;
using Madang.Participation.Domain;
using Madang.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Participation;

/// <summary>A citizen's journey over HTTP: verify, propose, support; masking, search, staff answering, five languages.</summary>
public sealed class ProposalPagesTests : IClassFixture<AppFixture>
{
    private readonly MadangTestApp app;

    public ProposalPagesTests(AppFixture fixture) => app = fixture.App;

    private async Task<(string Slug, Madang.Core.Organisations.Organisation Dept)> ProcessAsync(string moderation = "after")
    {
        var dept = await People.OrganisationAsync(app);
        var slug = "pages-" + Guid.NewGuid().ToString("N")[..8];
        await Citizens.ProcessAsync(app, LadderTests.Ladder2017(slug, dept.Code, dept.Code).Replace("propose: email", "propose: email\nmoderation: " + moderation, StringComparison.Ordinal));
        return (slug, dept);
    }

    private static async Task<long> ProposeAsync(HttpClient client, string slug, string title, string body, string lang = "en")
    {
        var res = await Forms.PostAsync(client, $"/{lang}/proposals/new?process={slug}", new Dictionary<string, string>
        {
            ["process"] = slug, ["Title"] = title, ["Body"] = body, ["Category"] = "welfare",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        return long.Parse(res.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ACitizenVerifiesTheirPhone_Proposes_AndSupports_WhilePersonalDataStaysMasked()
    {
        var (slug, _) = await ProcessAsync();
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var client = await People.SignInAsync(app, citizen, null);
        var id = await ProposeAsync(client, slug, "Ramps at every bus stop", "My neighbour (phone 010-2345-6789, resident number 900101-1234568) cannot board the bus.");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/en/proposals/{id}"));
        Assert.Contains("Ramps at every bus stop", page, StringComparison.Ordinal);
        Assert.DoesNotContain("2345-6789", page, StringComparison.Ordinal);
        Assert.DoesNotContain("1234568", page, StringComparison.Ordinal);
        Assert.Contains("900101-1", page, StringComparison.Ordinal);
        Assert.Contains("Confirm your mobile number first", page, StringComparison.Ordinal); // supports need a confirmed phone

        // The support form refuses until the phone is confirmed by the code sent to it.
        var res = await Forms.PostAsync(client, $"/en/proposals/{id}?handler=Support", new Dictionary<string, string>(), $"/en/proposals/{id}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Empty(await Supports(id));
        res = await Forms.PostAsync(client, "/en/account/verify?handler=SendCode", new Dictionary<string, string> { ["PhoneInput"] = "+82 10-2222-3333" }, "/en/account/verify");
        var sent = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        Assert.Contains("value=\"+821022223333\"", sent, StringComparison.Ordinal);
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MadangUser>>();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            Assert.True(await db.Jobs.AnyAsync(j => j.Type == Madang.Core.Jobs.KernelJobs.Sms && j.Payload.Contains("821022223333")));
            code = await users.GenerateChangePhoneNumberTokenAsync((await users.FindByIdAsync(citizen.Id.ToString()))!, "+821022223333");
        }

        res = await Forms.PostAsync(client, "/en/account/verify?handler=ConfirmPhone", new Dictionary<string, string> { ["PendingPhone"] = "+821022223333", ["Code"] = "000000" }, "/en/account/verify");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        res = await Forms.PostAsync(client, "/en/account/verify?handler=ConfirmPhone", new Dictionary<string, string> { ["PendingPhone"] = "+821022223333", ["Code"] = code }, "/en/account/verify");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);

        res = await Forms.PostAsync(client, $"/en/proposals/{id}?handler=Support", new Dictionary<string, string>(), $"/en/proposals/{id}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Single(await Supports(id));
        page = await client.GetStringAsync($"/en/proposals/{id}");
        Assert.Contains("You support this proposal.", page, StringComparison.Ordinal);
        res = await Forms.PostAsync(client, $"/en/proposals/{id}?handler=Unsupport", new Dictionary<string, string>(), $"/en/proposals/{id}");
        Assert.Empty(await Supports(id));
    }

    [Fact]
    public async Task TwoCharacterKoreanAndJapaneseWordsFindProposals()
    {
        var (slug, _) = await ProcessAsync();
        var people = await Citizens.CreateAsync(app, 1);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<Madang.Participation.Proposals.ProposalService>();
            await proposals.CreateAsync(slug, people[0], new("마을버스 노선을 늘려 주세요", "언덕 위 아파트 단지에는 마을버스가 오지 않습니다.", "welfare"));
            await proposals.CreateAsync(slug, people[0], new("夜の公園に照明を", "南区の公園は暗くて危ないです。", "welfare", Language: "ja"));
        }

        var client = app.Client();
        var ko = await client.GetStringAsync("/ko/proposals?q=" + Uri.EscapeDataString("노선"));
        Assert.Contains("마을버스 노선을 늘려 주세요", ko, StringComparison.Ordinal);
        Assert.DoesNotContain("夜の公園に照明を", ko, StringComparison.Ordinal);
        var ja = await client.GetStringAsync("/ja/proposals?q=" + Uri.EscapeDataString("公園"));
        Assert.Contains("夜の公園に照明を", ja, StringComparison.Ordinal);
        Assert.DoesNotContain("마을버스", ja, StringComparison.Ordinal);
        var site = await client.GetStringAsync("/en/search?q=" + Uri.EscapeDataString("照明"));
        Assert.Contains("夜の公園に照明を", site, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeldProposalsWaitForAModerator_AndReportsHideAPublishedOne()
    {
        var (slug, _) = await ProcessAsync("before");
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var client = await People.SignInAsync(app, citizen, null);
        var id = await ProposeAsync(client, slug, "Held for review " + Guid.NewGuid().ToString("N")[..6], "Text.");
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/en/proposals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/en/proposals/{id}")).StatusCode); // its author sees it

        var (moderator, secret) = await People.CreateAsync(app, Roles.Moderator, totp: true);
        var mod = await People.SignInAsync(app, moderator, secret);
        Assert.Contains($"admin/participation/proposals/{id}", await mod.GetStringAsync("/en/admin/participation"), StringComparison.Ordinal);
        var res = await Forms.PostAsync(mod, $"/en/admin/participation/proposals/{id}?handler=Moderate", new Dictionary<string, string> { ["publish"] = "true" }, $"/en/admin/participation/proposals/{id}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync($"/en/proposals/{id}")).StatusCode);

        foreach (var reporter in await Citizens.CreateAsync(app, 3))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Madang.Participation.Proposals.ProposalService>().ReportAsync(id, reporter, "spam");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/en/proposals/{id}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/en/admin/participation")).StatusCode); // citizens have no desk
    }

    [Fact]
    public async Task TheDepartmentAnswersThroughTheDesk_AndOtherDepartmentsCannot()
    {
        var (slug, dept) = await ProcessAsync();
        var other = await People.OrganisationAsync(app);
        var people = await Citizens.CreateAsync(app, 51);
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<Madang.Participation.Proposals.ProposalService>();
            id = (await proposals.CreateAsync(slug, people[50], new("Longer library hours", "Open until 22:00.", "welfare"))).Id;
            foreach (var u in people.Take(50))
            {
                await proposals.SupportAsync(id, u);
            }
        }

        var (outsider, s1) = await People.CreateAsync(app, Roles.Staff, totp: true, other.Code);
        var outClient = await People.SignInAsync(app, outsider, s1);
        var res = await Forms.PostAsync(outClient, $"/en/admin/participation/proposals/{id}?handler=Answer",
            new Dictionary<string, string> { ["AnswerOrganisation"] = dept.Id.ToString(), ["AnswerStatus"] = "Accepted", ["AnswerText"] = "Not ours to say." }, $"/en/admin/participation/proposals/{id}");
        Assert.Contains("access-denied", res.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);

        var (officer, s2) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var staff = await People.SignInAsync(app, officer, s2);
        Assert.Contains("Longer library hours", await staff.GetStringAsync("/en/admin/participation"), StringComparison.Ordinal);
        res = await Forms.PostAsync(staff, $"/en/admin/participation/proposals/{id}?handler=Answer",
            new Dictionary<string, string> { ["AnswerOrganisation"] = dept.Id.ToString(), ["AnswerStatus"] = "Accepted", ["AnswerText"] = "From March, libraries open until **22:00**." }, $"/en/admin/participation/proposals/{id}");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var page = await app.Client().GetStringAsync($"/en/proposals/{id}");
        Assert.Contains("<strong>22:00</strong>", page, StringComparison.Ordinal);
        Assert.Contains("answered on", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryParticipationPageAnswersInFiveLanguages()
    {
        var (slug, _) = await ProcessAsync();
        var people = await Citizens.CreateAsync(app, 1);
        long id;
        Guid panel;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<Madang.Participation.Proposals.ProposalService>()
                .CreateAsync(slug, people[0], new("Five languages", "Text.", "welfare"))).Id;
            panel = (await scope.ServiceProvider.GetRequiredService<Madang.Participation.Panels.PanelService>().CreateAsync(slug, "Panel", 5, Madang.Core.Audit.Actor.System)).Id;
        }

        var client = app.Client();
        foreach (var lang in SiteCultures.All)
        {
            foreach (var path in new[] { "proposals", $"proposals/{id}", $"panels/{panel}", "participation/departments", $"proposals?process={slug}&sort=supports" })
            {
                var res = await client.GetAsync($"/{lang}/{path}");
                Assert.True(res.StatusCode == HttpStatusCode.OK, $"{lang}/{path}: {res.StatusCode}");
                var html = await res.Content.ReadAsStringAsync();
                Assert.DoesNotContain("participation.", html.Replace("/css/participation.css", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ACensusListImportedOnTheCommandLineVerifiesOneAccountPerResident()
    {
        var file = Path.GetTempFileName();
        var id = "RRN-" + Random.Shared.Next(100000, 999999);
        await File.WriteAllTextAsync(file, $"identifier,birth_date\n{id},1980-02-29\nOTHER-1,1990-01-01\n");
        try
        {
            var (code, output) = await MadangProcess.RunAsync(["census", "import", file, .. app.Database.AppArgs()]);
            Assert.True(code == 0, output);
            Assert.Contains("2 residents added", output, StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, "identifier,birth_date\nX,29/02/1980\n");
            (code, output) = await MadangProcess.RunAsync(["census", "import", file, .. app.Database.AppArgs()]);
            Assert.NotEqual(0, code);
            Assert.Contains("Line 2", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var (first, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var client = await People.SignInAsync(app, first, null);
        var res = await Forms.PostAsync(client, "/en/account/verify?handler=Census", new Dictionary<string, string> { ["Identifier"] = id, ["BirthDate"] = "1980-03-01" }, "/en/account/verify");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        res = await Forms.PostAsync(client, "/en/account/verify?handler=Census", new Dictionary<string, string> { ["Identifier"] = id.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal), ["BirthDate"] = "1980-02-29" }, "/en/account/verify");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Contains("resident (census list)", await client.GetStringAsync("/en/account/verify"), StringComparison.Ordinal);

        var (second, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var other = await People.SignInAsync(app, second, null);
        res = await Forms.PostAsync(other, "/en/account/verify?handler=Census", new Dictionary<string, string> { ["Identifier"] = id, ["BirthDate"] = "1980-02-29" }, "/en/account/verify");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode); // one resident, one account

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        Assert.False(await db.CensusEntries.AnyAsync(c => c.Hash.Contains(id)));
    }

    private async Task<List<Support>> Supports(long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Support>().Where(s => s.ProposalId == id).ToListAsync();
    }
}
