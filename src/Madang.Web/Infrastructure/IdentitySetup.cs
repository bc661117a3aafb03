using Madang.Core.Identity;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Madang.Core.Notifications;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Madang.Web.Infrastructure;

/// <summary>Identity rules: confirmed e-mail to sign in, lockout after repeated failures, Unicode display names.</summary>
public static class IdentitySetup
{
    public static void Configure(IdentityOptions o)
    {
        o.SignIn.RequireConfirmedEmail = true;
        o.User.RequireUniqueEmail = true;
        // The user name is the e-mail address; display names (any script) and handles live in their own fields.
        o.User.AllowedUserNameCharacters = string.Empty;
        o.Password.RequiredLength = 10;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireDigit = false;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
    }

    public static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "madang.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.Events.OnRedirectToLogin = ctx => Redirect(ctx, "account/signin", StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = ctx => Redirect(ctx, "account/access-denied", StatusCodes.Status403Forbidden);
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, string page, int apiStatus)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }

        var culture = CultureMiddleware.Current(ctx.HttpContext);
        var returnUrl = ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
        ctx.Response.Redirect($"/{culture}/{page}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return Task.CompletedTask;
    }
}

/// <summary>Identity's mails (confirmation, reset) go through the job queue in the person's language.</summary>
public sealed class IdentityEmailSender(Madang.Core.Data.MadangDbContext db, JobQueue jobs, TextCatalog catalog) : IEmailSender<MadangUser>
{
    public Task SendConfirmationLinkAsync(MadangUser user, string email, string confirmationLink) =>
        SendAsync(user, email, "mail.confirm.subject", "mail.confirm.body", confirmationLink);

    public Task SendPasswordResetLinkAsync(MadangUser user, string email, string resetLink) =>
        SendAsync(user, email, "mail.reset.subject", "mail.reset.body", resetLink);

    public Task SendPasswordResetCodeAsync(MadangUser user, string email, string resetCode) =>
        SendAsync(user, email, "mail.reset.subject", "mail.reset.body", resetCode);

    private async Task SendAsync(MadangUser user, string email, string subjectKey, string bodyKey, string link)
    {
        var culture = SiteCultures.IsSupported(user.PreferredLanguage) ? user.PreferredLanguage : SiteCultures.Default;
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? email : user.DisplayName;
        jobs.Enqueue(KernelJobs.Email, new EmailMessage(email, catalog.Get(culture, subjectKey), catalog.Get(culture, bodyKey, name, link), ToName: user.DisplayName));
        await db.SaveChangesAsync();
    }
}

/// <summary>Adds the display name to the sign-in cookie, so pages greet people by name rather than by e-mail.</summary>
public sealed class MadangClaimsPrincipalFactory(UserManager<MadangUser> users, RoleManager<MadangRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<MadangUser, MadangRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";

    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(MadangUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new System.Security.Claims.Claim(DisplayNameClaim, user.DisplayName));
        }

        return identity;
    }
}
