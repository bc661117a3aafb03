using System.Net;
using Madang.Core.Permissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

public sealed class AccountTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task SignIn_RepeatedFailures_LockTheAccountEvenForTheRightPassword()
    {
        var (user, _) = await People.CreateAsync(fixture.App, Roles.Citizen, totp: false);
        var client = fixture.App.Client();
        for (var i = 0; i < 5; i++)
        {
            var bad = await Testing.Forms.PostAsync(client, "/en/account/signin", new Dictionary<string, string> { ["Email"] = user.Email!, ["Password"] = "wrong password " + i });
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        }

        var res = await Testing.Forms.PostAsync(client, "/en/account/signin", new Dictionary<string, string> { ["Email"] = user.Email!, ["Password"] = People.Password });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("locked", await res.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        await using var db = fixture.App.Database.NewContext();
        var actions = db.AuditEntries.Where(a => a.TargetId == user.Id.ToString()).Select(a => a.Action).ToList();
        Assert.Equal(4, actions.Count(a => a == "core.account.signin-failed"));
        Assert.Equal(2, actions.Count(a => a == "core.account.locked-out"));
        Assert.DoesNotContain(db.AuditEntries.Where(a => a.TargetId == user.Id.ToString()).Select(a => a.Details).ToList(), d => d != null && d.Contains("wrong password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_UnicodeDisplayName_Accepted_AndUnconfirmedCannotSignIn()
    {
        var client = fixture.App.Client();
        var email = $"citizen+{Guid.NewGuid():N}@test.local";
        var res = await Testing.Forms.PostAsync(client, "/ja/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "山田 花子 김민지 陳美玲",
            ["Handle"] = string.Empty,
            ["Email"] = email,
            ["Password"] = "a long enough password",
            ["ConfirmPassword"] = "a long enough password",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal("/ja/account/register-confirmation", res.Headers.Location!.OriginalString);

        var signIn = await Testing.Forms.PostAsync(client, "/ja/account/signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "a long enough password" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // stays on the page with "confirm your e-mail first"
    }

    [Fact]
    public async Task Register_BadInput_ClearErrorsAndNoAccount()
    {
        var client = fixture.App.Client();
        var res = await Testing.Forms.PostAsync(client, "/en/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = string.Empty, ["Handle"] = "NOT VALID!", ["Email"] = "not-an-email", ["Password"] = "short", ["ConfirmPassword"] = "short",
        });
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"Email-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"Password-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"Handle-error\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_WithoutAntiforgeryToken_AreRejected()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@b.c", ["Password"] = "x" });
        var res = await fixture.App.Client().PostAsync("/en/account/signin", content);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
    }

    [Fact]
    public async Task APersonTurnsOffEmail_AndIsToldOnlyInTheInbox_SmsIsOfferedOnlyWithAConfirmedNumberAndAGateway()
    {
        var (user, _) = await People.CreateAsync(fixture.App, Roles.Citizen, totp: false);
        var client = await People.SignInAsync(fixture.App, user, null);
        var page = await client.GetStringAsync("/en/account/manage");
        Assert.Contains("id=\"NotifyByEmail\" name=\"NotifyByEmail\" value=\"true\" checked=\"checked\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"NotifyBySms\"", page, StringComparison.Ordinal); // no confirmed number, and this site has no gateway
        Assert.Contains("first confirm your mobile number", page, StringComparison.Ordinal);

        // An unticked box is not sent at all: that is "off".
        var res = await Testing.Forms.PostAsync(client, "/en/account/manage", new Dictionary<string, string>
        {
            ["DisplayName"] = user.DisplayName, ["PreferredLanguage"] = "en", ["NotifyBySms"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.DoesNotContain("checked", (await client.GetStringAsync("/en/account/manage")).Split("id=\"NotifyByEmail\"")[1].Split('>')[0], StringComparison.Ordinal);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            await db.Jobs.Where(j => j.Payload.Contains(user.Email!)).ExecuteDeleteAsync();
            await scope.ServiceProvider.GetRequiredService<Madang.Core.Notifications.Notifier>().NotifyAsync(user.Id,
                new Madang.Core.Notifications.Notification("twofactor.done", "twofactor.enabled", [], "account/manage"));
            await db.SaveChangesAsync();
            Assert.False(await db.Jobs.AnyAsync(j => j.Payload.Contains(user.Email!)));
            Assert.True(await db.InboxMessages.AnyAsync(m => m.UserId == user.Id));
        }
    }
}
