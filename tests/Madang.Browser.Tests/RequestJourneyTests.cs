using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkiaSharp;

namespace Madang.Browser.Tests;

/// <summary>Requests as people live them, in a real browser, with axe on every page they pass through.</summary>
[Collection("browser")]
public sealed class RequestJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ACitizenReportsAPotholeOnTheMap_AndTheRoadsDepartmentDealsWithIt()
    {
        var (citizenEmail, _, _) = await fixture.PersonAsync(Roles.Citizen);
        var citizen = await fixture.CitizenPageAsync(citizenEmail);
        await citizen.GotoAsync("/en/requests/reports");
        await citizen.AssertAccessibleAsync("requests-reports");
        await citizen.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Report a problem" }).ClickAsync();
        await citizen.AssertAccessibleAsync("requests-report-choose");
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Pothole" }).ClickAsync();

        // The map is drawn from the city's tile server; a click on it fills in the coordinates.
        var map = citizen.GetByRole(AriaRole.Region, new() { Name = "Map: click the place to fill in its coordinates" });
        await Assertions.Expect(map.Locator("img.leaflet-tile-loaded").First).ToBeVisibleAsync();
        Assert.True(fixture.Tiles.Served > 0, "the map asked the configured tile server for no tiles");
        await citizen.AssertAccessibleAsync("requests-report-form");
        await map.ClickAsync(new() { Position = new Position { X = 200, Y = 150 } });
        var latitude = citizen.GetByLabel("Latitude (decimal degrees, e.g. 37.5663)");
        await Assertions.Expect(latitude).Not.ToHaveValueAsync("");
        Assert.InRange(double.Parse(await latitude.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture), 37.0, 38.0);

        await citizen.GetByLabel("Address or landmark").FillAsync("Sejong-daero 110, by the bus stop");
        await citizen.GetByLabel("About a wheel").CheckAsync();
        await citizen.GetByLabel("Description (optional)").FillAsync("A deep hole where buses stop.");
        await citizen.GetByLabel("Photo 1", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "hole.jpg", MimeType = "image/jpeg", Buffer = Photo() });
        await citizen.GetByLabel("Description of photo 1").FillAsync("A hole the size of a wheel in the asphalt");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();
        await Assertions.Expect(citizen.Locator("[role=status]")).ToContainTextAsync("Your report is sent to the department.");
        var id = long.Parse(citizen.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(citizen.GetByRole(AriaRole.Img, new() { Name = "A hole the size of a wheel in the asphalt" })).ToBeVisibleAsync();
        await Assertions.Expect(citizen.Locator(".place-map .leaflet-marker-icon")).ToHaveCountAsync(1);
        await citizen.AssertAccessibleAsync("requests-report-show");

        // The roads department (transport, in the demo city) notes progress, then says it is dealt with.
        var (staffEmail, _, secret) = await fixture.PersonAsync(Roles.Staff, "TRN");
        var staff = await fixture.SignedInPageAsync(staffEmail, BrowserFixture.Password, secret!);
        await staff.GotoAsync($"/en/admin/requests/{id}");
        await Assertions.Expect(staff.Locator("main")).ToContainTextAsync("About a wheel");
        await staff.AssertAccessibleAsync("requests-desk-report");
        await staff.GetByText("Add a status note").ClickAsync();
        await staff.GetByLabel("Status note", new() { Exact = true }).FillAsync("A crew is booked for Thursday.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Publish the note" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[role=status]")).ToContainTextAsync("The note is published");
        await staff.GetByText("Answer or decide").ClickAsync();
        await staff.GetByLabel("Dealt with").CheckAsync();
        await staff.GetByLabel("Answer (public, personal data masked)").FillAsync("Filled on Thursday morning.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Publish the answer" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[role=status]")).ToContainTextAsync("The answer is published");

        await citizen.GotoAsync("/en/requests/reports?status=closed");
        var item = citizen.Locator("#report-list li").Filter(new() { HasText = "Sejong-daero 110" });
        await Assertions.Expect(item).ToContainTextAsync("Filled on Thursday morning.");
        await citizen.GotoAsync($"/en/requests/{id}");
        await Assertions.Expect(citizen.Locator(".timeline")).ToContainTextAsync("A crew is booked for Thursday.");
        await citizen.GotoAsync("/en/account/inbox");
        await Assertions.Expect(citizen.Locator("main")).ToContainTextAsync("신청의 진행 상황을 알려 드립니다"); // in the citizen's own language
    }

    [Fact]
    public async Task ACitizenAsksAboutADocument_AndTheDepartmentAcknowledgesAndAnswers()
    {
        var document = await fixture.PublicDocumentAsync();
        var (citizenEmail, _, _) = await fixture.PersonAsync(Roles.Citizen);
        var citizen = await fixture.CitizenPageAsync(citizenEmail);
        await citizen.GotoAsync($"/en/documents/{document}");
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Ask a question about this" }).ClickAsync();
        await citizen.AssertAccessibleAsync("requests-ask-about");
        await citizen.GetByLabel("Subject").FillAsync("Which districts does this cover?");
        await citizen.GetByLabel("Your question or the information you want").FillAsync("The document lists budgets but not the districts.");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Look for answers first" }).ClickAsync();
        await citizen.AssertAccessibleAsync("requests-ask-checked");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(citizen.Locator("main h1")).ToHaveTextAsync("Which districts does this cover?");
        var id = long.Parse(citizen.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await citizen.AssertAccessibleAsync("requests-show-received");

        Guid? department;
        await using (var db = fixture.App.Database.NewContext())
        {
            department = await db.Set<Request>().Where(r => r.Id == id).Select(r => r.OrganisationId).SingleAsync();
        }

        string code;
        await using (var db = fixture.App.Database.NewContext())
        {
            code = await db.Organisations.Where(o => o.Id == department).Select(o => o.Code).SingleAsync();
        }

        var (staffEmail, _, secret) = await fixture.PersonAsync(Roles.Staff, code);
        var staff = await fixture.SignedInPageAsync(staffEmail, BrowserFixture.Password, secret!);
        await staff.GotoAsync("/en/admin/requests");
        await staff.AssertAccessibleAsync("requests-desk");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Which districts does this cover?" }).ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(staff.Locator("main")).ToContainTextAsync("Being handled");
        await staff.AssertAccessibleAsync("requests-desk-question");
        await staff.GetByText("Answer or decide").ClickAsync();
        await staff.GetByLabel("Answer (public, personal data masked)").FillAsync("It covers all 25 districts; the annex lists them.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Publish the answer" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[role=status]")).ToContainTextAsync("The answer is published");

        await citizen.GotoAsync($"/en/requests/{id}");
        await Assertions.Expect(citizen.Locator(".answer-box")).ToContainTextAsync("It covers all 25 districts");
        await citizen.GetByLabel("5 – very").CheckAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Rate" }).ClickAsync();
        await Assertions.Expect(citizen.Locator("[role=status]")).ToContainTextAsync("Thank you for your rating.");
        await citizen.AssertAccessibleAsync("requests-show-answered");
    }

    [Fact]
    public async Task AnAdministratorAddsAReportService_AfterTheEditorListsWhatIsWrong()
    {
        var (email, _, secret) = await fixture.PersonAsync(Roles.Administrator, "DIGI");
        var admin = await fixture.SignedInPageAsync(email, BrowserFixture.Password, secret!);
        await admin.GotoAsync("/en/admin/requests");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Request rules and report services" }).ClickAsync();
        await admin.AssertAccessibleAsync("requests-rules");
        var editor = admin.GetByLabel("Rules file (YAML or JSON)");
        var text = await editor.InputValueAsync();
        await editor.FillAsync(text + "\n  - code: bench\n    department: NOWHERE\n    name: { en: Broken bench }\n");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#definition-problems")).ToContainTextAsync("'NOWHERE' is not an organisation code");
        await admin.AssertAccessibleAsync("requests-rules-problems");

        await editor.FillAsync(text + "\n  - code: bench\n    department: ENV\n    name: { en: Broken bench, ko: 부서진 벤치 }\n");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToContainTextAsync("The rules are saved");
        await admin.GotoAsync("/ko/requests/report");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "부서진 벤치" })).ToBeVisibleAsync();

        // Put the demo rules back for the other journeys.
        await admin.GotoAsync("/en/admin/requests/rules");
        await admin.GetByLabel("Rules file (YAML or JSON)").FillAsync(text);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
        await Assertions.Expect(admin.Locator("[role=status]")).ToContainTextAsync("The rules are saved");
    }

    [Fact]
    public async Task EveryRequestsPage_PassesAxe_InFiveLanguages()
    {
        // A report made without signing in, as anyone may: it is the report page checked below.
        var anonymous = await fixture.NewPageAsync();
        await anonymous.GotoAsync("/en/requests/report?service=streetlight");
        await anonymous.GetByLabel("Address or landmark").FillAsync("Cheonggyecheon-ro 1");
        await anonymous.GetByLabel("The number on the pole (optional)").FillAsync("A-1024");
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();
        await Assertions.Expect(anonymous.Locator("[role=status]")).ToContainTextAsync("Your report is sent");
        var report = long.Parse(anonymous.Url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        // The page an e-mail's "stop these e-mails" link opens.
        var (_, person, _) = await fixture.PersonAsync(Roles.Citizen);
        string token;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            token = scope.ServiceProvider.GetRequiredService<Madang.Core.Notifications.Unsubscribe>().Token(person);
        }

        var page = await fixture.NewPageAsync();
        foreach (var lang in new[] { "ko", "ja", "en", "zh-Hans", "zh-Hant" })
        {
            foreach (var (path, name) in new[]
            {
                ("account/unsubscribe/" + token, "unsubscribe"),
                ("requests", "index"), ("requests/ask", "ask"), ("requests/ask?kind=disclosure", "ask-disclosure"), ("requests/departments", "departments"),
                ("requests/reports", "reports"), ("requests/report", "report-choose"), ("requests/report?service=dumping", "report-form"), ($"requests/{report}", "report-show"),
            })
            {
                await page.GotoAsync($"/{lang}/{path}");
                Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
                await page.AssertAccessibleAsync($"requests-{name}-{lang}");
            }
        }

        // At a phone's width, nothing scrolls sideways.
        var phone = await fixture.NewPageAsync(width: 360);
        foreach (var path in new[] { "/ko/requests/reports", "/ko/requests/report?service=pothole", $"/ko/requests/{report}" })
        {
            await phone.GotoAsync(path);
            await phone.AssertNoHorizontalScrollAsync();
        }
    }

    private static byte[] Photo()
    {
        using var bitmap = new SKBitmap(1200, 900);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0x55, 0x55, 0x55));
            using var hole = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22) };
            canvas.DrawOval(600, 450, 300, 180, hole);
        }

        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        return jpeg.ToArray();
    }
}
