using System.Net;
using Madang.Core.Data;
using Madang.Core.Notifications;
using Madang.Core.Permissions;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>One-click unsubscribe (RFC 8058) as a mail program does it, through a real SMTP server: the header, the
/// link, a POST with no sign-in, and no e-mail afterwards — not even one a request asked for — until turned on again.</summary>
public sealed class UnsubscribeTests
{
    [Fact]
    public async Task AMailProgramsUnsubscribeButton_StopsEmail_UntilThePersonTurnsItOnAgain()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, smtp: true);
        var (user, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        await NotifyAsync(app, user.Id, "Is the library open on Sunday?");
        var mail = await CaughtMail.WaitForAsync(user.Email!, TimeSpan.FromSeconds(30), m => m.TextBody != null && m.TextBody.Contains("Is the library open on Sunday?", StringComparison.Ordinal));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var header = mail.Headers["List-Unsubscribe"]!;
        Assert.Matches("^<http://[^>]+/en/account/unsubscribe/[^>]+>$", header);
        var link = new Uri(header.Trim('<', '>'));
        Assert.Contains(link.ToString(), mail.TextBody, StringComparison.Ordinal); // the same link, for people, in the text

        // Opening the link changes nothing (link scanners open every URL); the page offers the button.
        var anonymous = app.Client();
        var page = await anonymous.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Stop e-mails", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await NotifiesByEmailAsync(app, user.Id));

        // The mail program's one-click POST: no cookie, no form token.
        var stop = await anonymous.PostAsync(link.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.False(await NotifiesByEmailAsync(app, user.Id));

        // Even a request's own "tell me by e-mail" sends nothing now; the inbox still gets it.
        await NotifyAsync(app, user.Id, "Is the pool open on Monday?");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            Assert.False(await db.Jobs.AnyAsync(j => j.Payload.Contains("Is the pool open on Monday?")));
            Assert.True(await db.InboxMessages.AnyAsync(m => m.UserId == user.Id && m.Body.Contains("Is the pool open on Monday?")));
        }

        // A forged or altered token stops nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/en/account/unsubscribe/not-a-token", new FormUrlEncodedContent([]))).StatusCode);

        // Turning e-mail on again in the settings undoes the stop.
        var client = await People.SignInAsync(app, user, null);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/en/account/manage", new Dictionary<string, string>
        {
            ["DisplayName"] = user.DisplayName, ["PreferredLanguage"] = "en", ["NotifyByEmail"] = "true", ["NotifyBySms"] = "false",
        })).StatusCode);
        Assert.True(await NotifiesByEmailAsync(app, user.Id));
        await NotifyAsync(app, user.Id, "Is the museum open at night?");
        await CaughtMail.WaitForAsync(user.Email!, TimeSpan.FromSeconds(30), m => m.TextBody != null && m.TextBody.Contains("Is the museum open at night?", StringComparison.Ordinal));
    }

    private static async Task NotifyAsync(MadangTestApp app, Guid user, string subject)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAsync(user,
            new Notification("requests.notify.received.subject", "requests.notify.received.body", [subject, new DateOnly(2026, 12, 11)], "requests/1") { Email = true, Asked = true });
        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
    }

    private static async Task<bool> NotifiesByEmailAsync(MadangTestApp app, Guid user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var u = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Users.AsNoTracking().SingleAsync(x => x.Id == user);
        return u.NotifyByEmail && u.EmailStoppedAt is null;
    }
}
