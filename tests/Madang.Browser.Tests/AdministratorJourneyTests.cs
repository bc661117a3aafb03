using System.Text.RegularExpressions;
using Madang.Core.Identity;
using Madang.Core.Permissions;
using Madang.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

[Collection("browser")]
public sealed class AdministratorJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AdministratorEnrolsTotpThenAddsADepartment()
    {
        var email = $"admin+{Guid.NewGuid():N}@city.example";
        const string password = "an administrator's long password";
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MadangUser>>();
            var user = new MadangUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "관리자", PreferredLanguage = "en" };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Administrator);
        }

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/en/admin");
        await page.WaitForURLAsync(new Regex("/en/account/signin\\?returnUrl="));
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // A password alone does not open staff pages.
        await page.WaitForURLAsync(new Regex("/en/account/access-denied"));
        await page.AssertAccessibleAsync("admin-denied-without-totp");
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up two-factor sign-in" }).ClickAsync();
        await page.AssertAccessibleAsync("two-factor-enrol");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code to add this account to an authenticator app" })).ToBeVisibleAsync();
        var secret = (await page.GetByTestId("totp-secret").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        await page.GetByLabel("6-digit code from your authenticator app").FillAsync(Totp.Code(secret, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await page.AssertAccessibleAsync("two-factor-recovery-codes");
        var recoveryCode = await page.GetByTestId("recovery-codes").GetByRole(AriaRole.Listitem).First.InnerTextAsync();

        // Sign out and back in: now the code is asked for; a lost phone is covered by a recovery code, once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync("/en/account/signin");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/en/account/signin-2fa"));
        await page.AssertAccessibleAsync("signin-two-factor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lost your device? Use a recovery code" }).ClickAsync();
        await page.AssertAccessibleAsync("signin-recovery");
        await page.GetByLabel("Recovery code").FillAsync(recoveryCode);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/en/$"));

        await page.GotoAsync("/en/account/manage");
        await page.AssertAccessibleAsync("account-manage");
        await page.GotoAsync("/en/account/manage/two-factor");
        await Assertions.Expect(page.GetByText("Recovery codes left: 9")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("two-factor-enabled");
        await page.GotoAsync("/en/account/inbox");
        await page.AssertAccessibleAsync("inbox");

        await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/en/admin$"));
        await page.AssertAccessibleAsync("admin-home");

        var adminNav = page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" });
        await adminNav.GetByRole(AriaRole.Link, new() { Name = "Organisations" }).ClickAsync();
        await page.AssertAccessibleAsync("admin-organisations");
        var code = "DEPT-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("Part of").SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await page.GetByLabel("한국어").FillAsync("디지털혁신과");
        await page.GetByLabel("日本語").FillAsync("デジタル革新課");
        await page.GetByLabel("English").FillAsync("Digital Innovation Division");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add organisation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(code);
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Digital Innovation Division" })).ToBeVisibleAsync();

        // A mistake gets a clear message next to its field, and nothing is added.
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await page.GetByLabel("English").FillAsync("Duplicate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add organisation" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_Code-error")).ToContainTextAsync("Another organisation already has this code.");
        await page.AssertAccessibleAsync("admin-organisations-error");

        foreach (var (link, shot) in new[] { ("Document release", "admin-release"), ("Release figures", "admin-release-insights"), ("People", "admin-people"), ("Site settings", "admin-settings"), ("API keys", "admin-api-keys"), ("Audit log", "admin-audit"), ("Job queue", "admin-jobs") })
        {
            await adminNav.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync();
            await page.AssertAccessibleAsync(shot);
        }

        await page.GotoAsync("/en/admin/release?state=InReview");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Review DEMO-") }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/en/admin/release/review/"));
        await page.AssertAccessibleAsync("admin-release-review");

        // The release policy and the review queue, in every language; a rule saved through the form becomes a new version.
        foreach (var culture in new[] { "ko", "ja", "zh-Hans", "zh-Hant", "en" })
        {
            await page.GotoAsync($"/{culture}/admin/release/policy");
            await page.AssertAccessibleAsync($"admin-release-policy-{culture}");
            await page.GotoAsync($"/{culture}/admin/release/queue");
            await page.AssertAccessibleAsync($"admin-release-queue-{culture}");
        }

        await page.GotoAsync("/en/admin/release/policy");
        await page.GetByLabel("Approved at or above 1").SelectOptionAsync("Mayor");
        await page.GetByLabel("Then 1").SelectOptionAsync("Release");
        await page.GetByLabel("Withholding a document needs a second reviewer").CheckAsync();
        await page.GetByLabel("What changed and why").FillAsync("Mayoral documents first");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("of the release policy is in force");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Mayoral documents first" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Withholding a document needs a second reviewer")).ToBeCheckedAsync();
        await page.AssertAccessibleAsync("admin-release-policy-saved");

        await page.GotoAsync("/en/admin/audit?action=core.organisation.created");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = code }).First).ToBeVisibleAsync();

        await page.GotoAsync($"/en/admin/organisations/{code}");
        await page.AssertAccessibleAsync("admin-organisation-edit");
        await page.GotoAsync($"/ja/organisations/{code}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "デジタル革新課" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("organisation-ja");
        await page.GotoAsync("/en/admin/people?q=" + Uri.EscapeDataString(email));
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit 관리자" }).ClickAsync();
        await page.AssertAccessibleAsync("admin-person-edit");

        await page.GotoAsync("/ko/admin/api-keys");
        await page.GetByLabel("이름").FillAsync("전자결재 연계");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button).Last.ClickAsync();
        var key = await page.GetByTestId("api-key-secret").InnerTextAsync();
        Assert.StartsWith("mdg_", key, StringComparison.Ordinal);
        await page.AssertAccessibleAsync("admin-api-key-created-ko");
    }
}
