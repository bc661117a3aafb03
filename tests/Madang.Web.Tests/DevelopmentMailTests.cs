using System.Net;
using Madang.Core.Permissions;

namespace Madang.Web.Tests;

/// <summary>Without SMTP, Development writes mail to DataDir/mail and lists it, so the first `dotnet run` needs nothing else.</summary>
public sealed class DevelopmentMailTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task NoSmtpConfigured_MailIsWrittenAsEmlAndListedOnTheDevelopmentPage()
    {
        var (user, _) = await People.CreateAsync(fixture.App, Roles.Citizen, totp: false);
        var client = fixture.App.Client();
        var res = await Testing.Forms.PostAsync(client, "/ko/account/forgot-password", new Dictionary<string, string> { ["Email"] = user.Email! });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);

        var folder = Path.Combine(fixture.App.Database.DataDir, "mail");
        MimeKit.MimeMessage? mail = null;
        for (var i = 0; i < 100 && mail is null; i++)
        {
            await Task.Delay(100);
            foreach (var f in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                var m = await MimeKit.MimeMessage.LoadAsync(f);
                if (m.To.Mailboxes.Any(x => x.Address == user.Email))
                {
                    mail = m;
                }
            }
        }

        Assert.NotNull(mail);
        Assert.Contains("/ko/account/reset-password?userId=", mail.TextBody, StringComparison.Ordinal); // the reset link
        var page = await client.GetStringAsync("/en/dev/mail");
        Assert.Contains(WebUtility.HtmlEncode(mail.Subject)!, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithAnAddressInUse_SamePageForTheStranger_AndTheOwnerGetsAWorkingLink()
    {
        var (user, _) = await People.CreateAsync(fixture.App, Roles.Citizen, totp: false);
        var res = await Testing.Forms.PostAsync(fixture.App.Client(), "/en/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "Someone else", ["Handle"] = string.Empty, ["Email"] = user.Email!,
            ["Password"] = "another long password", ["ConfirmPassword"] = "another long password",
        });
        Assert.Equal("/en/account/register-confirmation", res.Headers.Location!.OriginalString);

        var folder = Path.Combine(fixture.App.Database.DataDir, "mail");
        string? body = null;
        for (var i = 0; i < 100 && body is null; i++)
        {
            await Task.Delay(100);
            foreach (var f in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                var m = await MimeKit.MimeMessage.LoadAsync(f);
                if (m.To.Mailboxes.Any(x => x.Address == user.Email))
                {
                    body = m.TextBody;
                }
            }
        }

        Assert.NotNull(body);
        Assert.Contains(fixture.App.BaseAddress.ToString().TrimEnd('/') + "/en/account/forgot-password", body, StringComparison.Ordinal);
    }
}
