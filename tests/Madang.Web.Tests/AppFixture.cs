using System.Net;
using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Organisations;
using Madang.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>One running app per test class on SQLite; tests make their own uniquely named data.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public MadangTestApp App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, smtp: false);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Creating people and signing them in over HTTP, as a browser would.</summary>
public static class People
{
    public const string Password = "correct horse battery";

    public static async Task<(MadangUser User, string? TotpSecret)> CreateAsync(MadangTestApp app, string role, bool totp, string? orgCode = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MadangUser>>();
        var email = $"{role}+{Guid.NewGuid():N}@test.local";
        var user = new MadangUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "테스트 " + role, PreferredLanguage = "en" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        string? secret = null;
        if (totp)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            secret = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        if (orgCode is not null)
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var org = db.Organisations.Single(o => o.Code == orgCode);
            db.Memberships.Add(new Membership { UserId = user.Id, OrganisationId = org.Id });
            await db.SaveChangesAsync();
        }

        return (user, secret);
    }

    /// <summary>Signs in through the real pages, with the TOTP step when the account has one.</summary>
    public static async Task<HttpClient> SignInAsync(MadangTestApp app, MadangUser user, string? totpSecret)
    {
        var client = app.Client();
        var res = await Forms.PostAsync(client, "/en/account/signin", new Dictionary<string, string> { ["Email"] = user.Email!, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        if (totpSecret is not null)
        {
            Assert.Contains("signin-2fa", res.Headers.Location!.ToString(), StringComparison.Ordinal);
            var code = Totp.Code(totpSecret, DateTimeOffset.UtcNow);
            res = await Forms.PostAsync(client, "/en/account/signin-2fa", new Dictionary<string, string> { ["Code"] = code, ["RememberMe"] = "false" });
            Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
            Assert.DoesNotContain("signin", res.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        return client;
    }

    public static async Task<Organisation> OrganisationAsync(MadangTestApp app, string? parent = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var code = "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var r = await scope.ServiceProvider.GetRequiredService<OrganisationCommands>().CreateAsync(
            new OrganisationInput(code, Madang.Core.Localization.LocalizedText.Of("시험 예산과 " + code, "試験予算課", "Test Budget Division", "测试预算科", "測試預算科"), parent, OrganisationKind.Division),
            Madang.Core.Audit.Actor.System);
        Assert.True(r.Succeeded);
        return r.Value!;
    }
}
