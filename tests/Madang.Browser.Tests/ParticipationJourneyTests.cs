using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Permissions;
using Madang.Participation.Domain;
using Madang.Participation.Panels;
using Madang.Participation.Proposals;
using Madang.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

/// <summary>Participation as people live it, in a real browser, with axe on every page they pass through.</summary>
[Collection("browser")]
public sealed class ParticipationJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Password = BrowserFixture.Password;

    private Task<(string Email, Guid Id, string? Secret)> PersonAsync(string role, string? org = null, bool phone = true) => fixture.PersonAsync(role, org, phone);

    private Task<IPage> CitizenPageAsync(string email) => fixture.CitizenPageAsync(email);

    private async Task<List<Guid>> ResidentsAsync(int n)
    {
        var ids = new List<Guid>();
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        for (var i = 0; i < n; i++)
        {
            var id = Guid.NewGuid();
            db.Users.Add(new MadangUser { Id = id, UserName = $"r{id:N}", Email = $"r{id:N}@city.example", EmailConfirmed = true, PhoneNumberConfirmed = true, PhoneNumber = "+82100000" + i, DisplayName = "주민", SecurityStamp = id.ToString("N") });
            ids.Add(id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    [Fact]
    public async Task ACitizenProposesAndGathersSupports()
    {
        var (email, _, _) = await PersonAsync(Roles.Citizen);
        var page = await CitizenPageAsync(email);
        await page.GotoAsync("/ko/proposals/new?process=seoul-2017");
        await page.AssertAccessibleAsync("proposal-new-ko");
        await page.GetByLabel("제목").FillAsync("골목길에 가로등을 더 달아 주세요");
        await page.Locator("#Body").FillAsync("밤에 **골목길**이 너무 어둡습니다. 연락처 010-9876-5432로 주민 모임이 의견을 모았습니다.");
        await page.Locator("#Category").SelectOptionAsync("welfare");
        // The place, picked on the map (drawn from the city's tile server): a click fills in the coordinates.
        await page.GetByRole(AriaRole.Region, new() { Name = "지도: 위치를 눌러 좌표를 채우세요" }).ClickAsync(new() { Position = new Position { X = 120, Y = 90 } });
        await Assertions.Expect(page.Locator("#Latitude")).Not.ToHaveValueAsync("");
        await page.GetByLabel("이미지 1", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "골목.png", MimeType = "image/png", Buffer = Street() });
        await page.GetByLabel("이미지 1 설명").FillAsync("가로등이 꺼진 밤의 골목길");
        await page.GetByRole(AriaRole.Button, new() { Name = "제안 게시하기" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/ko/proposals/\\d+$"));
        var id = long.Parse(page.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("9876-5432", await page.Locator("article.proposal").InnerTextAsync(), StringComparison.Ordinal);
        var photo = page.GetByRole(AriaRole.Img, new() { Name = "가로등이 꺼진 밤의 골목길" });
        await Assertions.Expect(photo).ToBeVisibleAsync();
        Assert.True(await photo.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 480"), "the photo loads");

        await page.Locator(".support-box button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".support-count strong")).ToHaveTextAsync("1");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<ProposalService>();
            foreach (var r in await ResidentsAsync(49))
            {
                await proposals.SupportAsync(id, r);
            }
        }

        foreach (var culture in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            await page.GotoAsync($"/{culture}/proposals/{id}");
            await Assertions.Expect(page.Locator(".support-count strong")).ToHaveTextAsync("50");
            Assert.Equal(1, await page.Locator(".ladder .step.reached").CountAsync()); // 50: the department now owes an answer
            await page.AssertAccessibleAsync($"proposal-{culture}");
            await page.GotoAsync($"/{culture}/proposals?sort=supports");
            await Assertions.Expect(page.Locator(".place-map .leaflet-marker-icon").First).ToBeVisibleAsync(); // the located proposal on the map
            await page.AssertAccessibleAsync($"proposals-{culture}");
        }
    }

    /// <summary>A photo of a dark street, 480 × 320.</summary>
    private static byte[] Street()
    {
        using var bitmap = new SkiaSharp.SKBitmap(480, 320);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(new SkiaSharp.SKColor(0x1b, 0x24, 0x3a));
            using var wall = new SkiaSharp.SKPaint { Color = new SkiaSharp.SKColor(0x4a, 0x4e, 0x5a) };
            canvas.DrawRect(0, 0, 140, 320, wall);
            canvas.DrawRect(340, 0, 140, 320, wall);
            using var lamp = new SkiaSharp.SKPaint { Color = new SkiaSharp.SKColor(0xf2, 0xc9, 0x4c) };
            canvas.DrawCircle(240, 60, 14, lamp);
        }

        using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    [Fact]
    public async Task ADepartmentAnswersBeforeItsDeadline()
    {
        var (authorEmail, author, _) = await PersonAsync(Roles.Citizen);
        long id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<ProposalService>();
            id = (await proposals.CreateAsync("seoul-2017", author, new ProposalDraft("Free rides for carers", "Carers travel with those they care for.", "welfare", Language: "en"))).Id;
            foreach (var r in await ResidentsAsync(50))
            {
                await proposals.SupportAsync(id, r);
            }
        }

        var (email, _, secret) = await PersonAsync(Roles.Staff, "WEL");
        var page = await fixture.SignedInPageAsync(email, Password, secret!);
        await page.GotoAsync("/en/admin/participation");
        await page.AssertAccessibleAsync("participation-desk");
        await page.GetByRole(AriaRole.Link, new() { Name = "Free rides for carers" }).ClickAsync();
        await page.AssertAccessibleAsync("participation-desk-proposal");
        await page.GetByLabel("Accepted", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Reasoning (public)").FillAsync("Carers ride free from next month.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the answer" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("The answer is published");

        var citizen = await CitizenPageAsync(authorEmail);
        await citizen.GotoAsync($"/en/proposals/{id}");
        await Assertions.Expect(citizen.Locator("section.answer, article.answer").First).ToContainTextAsync("Carers ride free from next month.");
        await Assertions.Expect(citizen.Locator("table")).ToContainTextAsync("answered on");
        await citizen.GotoAsync("/en/account/inbox");
        await Assertions.Expect(citizen.Locator("main")).ToContainTextAsync("Free rides for carers");
    }

    [Fact]
    public async Task AModeratorRestoresAReportedComment_AndAnAdministratorClosesAProcess()
    {
        var (authorEmail, author, _) = await PersonAsync(Roles.Citizen);
        long id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<ProposalService>().CreateAsync("seoul-2017", author,
                new ProposalDraft("Benches along the river", "Older people need a rest on the way.", "welfare", Language: "en"))).Id;
            var comments = scope.ServiceProvider.GetRequiredService<Madang.Participation.Following.CommentService>();
            var comment = await comments.PostAsync("proposal", id, null, author, "Every 200 metres would do.");
            foreach (var r in await ResidentsAsync(3))
            {
                await comments.ReportAsync(comment.Id, r, "offensive");
            }
        }

        var (email, _, secret) = await PersonAsync(Roles.Administrator);
        var page = await fixture.SignedInPageAsync(email, Password, secret!);
        foreach (var culture in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            await page.GotoAsync($"/{culture}/admin/participation");
            await page.AssertAccessibleAsync($"participation-desk-moderator-{culture}");
        }

        await page.GotoAsync("/en/admin/participation");
        var queued = page.Locator("article.hidden-comment", new() { HasText = "Every 200 metres would do." });
        await Assertions.Expect(queued).ToContainTextAsync("3 reports: Offensive or hateful ×3");
        await queued.GetByRole(AriaRole.Button, new() { Name = "Restore it" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("The comment is visible again");
        var citizen = await CitizenPageAsync(authorEmail);
        await citizen.GotoAsync($"/en/proposals/{id}");
        await Assertions.Expect(citizen.Locator($"#comments, main")).ToContainTextAsync("Every 200 metres would do.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Citizen proposals (50-500-5,000)" }).ClickAsync();
        await page.AssertAccessibleAsync("participation-process-editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close it to new proposals" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("takes no new proposals");
        await page.GetByLabel("Process file (YAML or JSON)").FillAsync("slug: seoul-2017\nsupport: retina\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=alert]")).ToContainTextAsync("support: must be one of none, email, phone, census.");
        await page.AssertAccessibleAsync("participation-process-editor-problems");
        await page.GotoAsync("/en/admin/participation/processes/seoul-2017");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open it to new proposals" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("The process takes new proposals.");
    }

    [Fact]
    public async Task AnOverdueProposalEscalates()
    {
        var (_, author, _) = await PersonAsync(Roles.Citizen);
        // Twenty-five days ago it reached 50 supports; the department had twenty days.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-25));
        long id;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var ladder = ActivatorUtilities.CreateInstance<LadderEngine>(sp, clock);
            var proposals = ActivatorUtilities.CreateInstance<ProposalService>(sp, ladder, clock);
            id = (await proposals.CreateAsync("seoul-2017", author, new ProposalDraft("Shade over the market", "The market has no shade in summer.", "welfare", Language: "en"))).Id;
            foreach (var r in await ResidentsAsync(50))
            {
                await proposals.SupportAsync(id, r);
            }

            await sp.GetRequiredService<DeadlineSweeper>().SweepAsync(); // today's sweep, on the real clock
        }

        var anonymous = await fixture.NewPageAsync();
        await anonymous.GotoAsync($"/en/proposals/{id}");
        await Assertions.Expect(anonymous.Locator(".tag.overdue")).ToHaveTextAsync("Overdue");
        foreach (var culture in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            await anonymous.GotoAsync($"/{culture}/participation/departments");
            await AssertOverdueRowAsync(anonymous);
            await anonymous.AssertAccessibleAsync($"participation-departments-{culture}");
        }

        await using var check = fixture.App.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<MadangDbContext>();
        var head = await db.Users.SingleAsync(u => u.Email == "head@madang.local");
        Assert.True(await db.InboxMessages.AnyAsync(m => m.UserId == head.Id && m.Url == "admin/participation/proposals/" + id));
        Assert.NotNull((await db.Set<Obligation>().SingleAsync(o => o.ProposalId == id)).EscalatedAt);
    }

    private static async Task AssertOverdueRowAsync(IPage page) =>
        Assert.True(await page.Locator("table tbody tr td strong").CountAsync() > 0, "no department shows an overdue answer");

    [Fact]
    public async Task ThePanelDrawReproducesFromItsPublishedSeed()
    {
        Guid panelId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var panels = scope.ServiceProvider.GetRequiredService<PanelService>();
            panelId = (await panels.CreateAsync("seoul-2020", "Agenda panel " + Guid.NewGuid().ToString("N")[..4], 8, new Madang.Core.Audit.Actor(null, "test"))).Id;
            var districts = new[] { "north", "south", "east", "west" };
            var residents = await ResidentsAsync(40);
            for (var i = 0; i < residents.Count; i++)
            {
                await panels.VolunteerAsync(panelId, residents[i], districts[i % 4], i % 2 == 0 ? "30-39" : "60-69", i % 3 == 0 ? "male" : "female");
            }
        }

        var (email, _, secret) = await PersonAsync(Roles.Administrator);
        var admin = await fixture.SignedInPageAsync(email, Password, secret!);
        await admin.GotoAsync("/en/admin/participation");
        var card = admin.Locator("article.card", new() { Has = admin.Locator($"a[href$='{panelId}']") });
        await card.GetByLabel("Seed (leave empty for a random one)").FillAsync("2027-01-05 KOSPI close 2531.44");
        await card.GetByRole(AriaRole.Button).ClickAsync();
        card = admin.Locator("article.card", new() { Has = admin.Locator($"a[href$='{panelId}']") });
        await card.GetByRole(AriaRole.Button, new() { Name = "Draw the panel" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToContainTextAsync("8 members drawn");

        var page = await fixture.NewPageAsync();
        foreach (var culture in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            await page.GotoAsync($"/{culture}/panels/{panelId}");
            await page.AssertAccessibleAsync($"panel-{culture}");
        }

        var shown = (await page.Locator(".numbers").InnerTextAsync()).Split(", ").Select(int.Parse).ToList();
        var csv = await (await page.APIRequest.GetAsync($"/en/panels/{panelId}/volunteers")).TextAsync();
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
            .Select(f => new VolunteerRow(int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f[1], f[2], f[3])).ToList();
        Assert.Equal(shown, PanelDraw.Draw(rows, 8, "2027-01-05 KOSPI close 2531.44"));
    }

    [Fact]
    public async Task ACitizenTakesAPositionInADebate()
    {
        var (email, author, _) = await PersonAsync(Roles.Citizen);
        long debateId;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<ProposalService>();
            var id = (await proposals.CreateAsync("seoul-2020", author, new ProposalDraft("Car-free Sundays", "Close the main road to cars on Sundays.", "transport", Language: "en"))).Id;
            foreach (var r in await ResidentsAsync(100))
            {
                await proposals.SupportAsync(id, r);
            }

            debateId = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Debate>().Where(d => d.ProposalId == id).Select(d => d.Id).SingleAsync();
        }

        var page = await CitizenPageAsync(email);
        await page.GotoAsync($"/en/debates/{debateId}");
        await page.GetByLabel("For", new() { Exact = true }).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my position" }).ClickAsync();
        await page.Locator("#arg-against").CheckAsync();
        await page.GetByLabel("Your argument").FillAsync("Deliveries need the road on Sundays too.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the argument" }).ClickAsync();
        await Assertions.Expect(page.Locator(".argument-column.against")).ToContainTextAsync("Deliveries need the road");
        foreach (var culture in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            await page.GotoAsync($"/{culture}/debates/{debateId}");
            await page.AssertAccessibleAsync($"debate-{culture}");
        }

        await page.GotoAsync("/ko/account/verify");
        await page.AssertAccessibleAsync("verify-ko");
    }

    [Fact]
    public async Task AResidentAnswersTheCityAsks_AndFollowsACommitmentToCompletion()
    {
        var (staffEmail, _, secret) = await PersonAsync(Roles.Staff, "DIGI");
        var staff = await fixture.SignedInPageAsync(staffEmail, Password, secret!);
        await staff.GotoAsync("/en/admin/participation/consultations/new");
        await staff.AssertAccessibleAsync("consultation-new");
        await staff.GetByLabel("Title").FillAsync("When should the new data portal launch?");
        await staff.GetByLabel("Background (Markdown)").FillAsync("We can launch **in spring** or **in autumn**.");
        await staff.GetByLabel("Options").FillAsync("Spring\nAutumn");
        await staff.GetByLabel("Opens on").FillAsync(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"));
        await staff.GetByLabel("Closes after").FillAsync(DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd"));
        await staff.GetByLabel("Show results while it is open").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Open the consultation" }).ClickAsync();
        await staff.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/en/consultations/\\d+$"));
        var consultation = staff.Url;

        var (email, _, _) = await PersonAsync(Roles.Citizen);
        var page = await CitizenPageAsync(email);
        await page.GotoAsync(consultation);
        await page.GetByLabel("Autumn").CheckAsync();
        await page.GetByLabel("I agree to share my district and age band").CheckAsync();
        await page.Locator("#district").SelectOptionAsync("north");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).ClickAsync();
        await Assertions.Expect(page.Locator("table").First).ToContainTextAsync("100.0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Follow" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop following" })).ToBeVisibleAsync();
        await page.GetByLabel("Your comment").FillAsync("Autumn gives time to test with residents.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".comment-text")).ToContainTextAsync("Autumn gives time");
        foreach (var culture in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            await page.GotoAsync(consultation.Replace("/en/", $"/{culture}/", StringComparison.Ordinal));
            await page.AssertAccessibleAsync($"consultation-{culture}");
            await page.GotoAsync($"/{culture}/consultations");
            await page.AssertAccessibleAsync($"consultations-{culture}");
        }

        await staff.GotoAsync("/en/admin/participation/commitments");
        await staff.GetByLabel("Title").FillAsync("Launch the data portal in autumn");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Start tracking" }).ClickAsync();
        await staff.WaitForLoadStateAsync();
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(staff.Url, "/admin/participation/commitments/\\d+$"), staff.Url + ": " + await staff.Locator("main").InnerTextAsync());
        await staff.AssertAccessibleAsync("commitment-desk");
        await staff.GetByLabel("What happened (public)").FillAsync("The portal is live.");
        await staff.GetByLabel("Progress").FillAsync("100");
        await staff.Locator("#Status").SelectOptionAsync("Done");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Publish the update" }).ClickAsync();
        var id = staff.Url.Split('/').Last();
        foreach (var culture in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            await page.GotoAsync($"/{culture}/commitments/{id}");
            await Assertions.Expect(page.Locator("progress").First).ToHaveAttributeAsync("value", "100");
            await page.AssertAccessibleAsync($"commitment-{culture}");
            await page.GotoAsync($"/{culture}/commitments");
            await page.AssertAccessibleAsync($"commitments-{culture}");
        }
    }
}
