using System.Text.RegularExpressions;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Permissions;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Account;

/// <summary>A citizen registers with e-mail and password; a confirmation link is e-mailed in their language.</summary>
public sealed partial class RegisterModel(UserManager<MadangUser> users, IEmailSender<MadangUser> mail, MadangDbContext db, AuditLog audit, TimeProvider clock) : MadangPage
{
    [BindProperty] public string DisplayName { get; set; } = string.Empty;
    [BindProperty] public string? Handle { get; set; }
    [BindProperty] public string Email { get; set; } = string.Empty;
    [BindProperty] public string Password { get; set; } = string.Empty;
    [BindProperty] public string ConfirmPassword { get; set; } = string.Empty;

    [GeneratedRegex("^[a-z0-9_-]{3,30}$")]
    private static partial Regex HandlePattern();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        DisplayName = DisplayName?.Trim() ?? string.Empty;
        Handle = string.IsNullOrWhiteSpace(Handle) ? null : Handle.Trim().ToLowerInvariant();
        Email = Email?.Trim() ?? string.Empty;
        if (DisplayName.Length is 0 or > 100 || DisplayName.Any(char.IsControl))
        {
            AddError(nameof(DisplayName), "register.error.displayname");
        }

        if (Handle is not null && !HandlePattern().IsMatch(Handle))
        {
            AddError(nameof(Handle), "register.error.handle");
        }
        else if (Handle is not null && await db.Users.AnyAsync(u => u.Handle == Handle))
        {
            AddError(nameof(Handle), "register.error.handletaken");
        }

        if (!System.Net.Mail.MailAddress.TryCreate(Email, out _))
        {
            AddError(nameof(Email), "register.error.email");
        }

        if (Password.Length < 10)
        {
            AddError(nameof(Password), "register.error.password");
        }
        else if (Password != ConfirmPassword)
        {
            AddError(nameof(ConfirmPassword), "register.error.mismatch");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var existing = await users.FindByEmailAsync(Email);
        if (existing is not null)
        {
            // Do not tell a stranger that this address has an account: its owner gets a note instead.
            await mail.SendPasswordResetLinkAsync(existing, Email, $"{Request.Scheme}://{Request.Host}{Href("account/forgot-password")}");
            return Redirect(Href("account/register-confirmation"));
        }

        var user = new MadangUser
        {
            UserName = Email,
            Email = Email,
            DisplayName = DisplayName,
            Handle = Handle,
            PreferredLanguage = Culture,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                AddError(e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(Password) : string.Empty, "register.error.generic");
            }

            return Page();
        }

        await users.AddToRoleAsync(user, Roles.Citizen);
        audit.Record(new Actor(user.Id, user.UserName!), "core.account.registered", "user", user.Id.ToString());
        await db.SaveChangesAsync();
        await ConfirmationMail.SendAsync(users, mail, user, Request, Culture);
        return Redirect(Href("account/register-confirmation"));
    }
}

/// <summary>Builds and sends the e-mail confirmation link.</summary>
public static class ConfirmationMail
{
    public static async Task SendAsync(UserManager<MadangUser> users, IEmailSender<MadangUser> mail, MadangUser user, HttpRequest request, string culture)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token));
        var link = $"{request.Scheme}://{request.Host}/{culture}/account/confirm-email?userId={user.Id}&code={code}";
        await mail.SendConfirmationLinkAsync(user, user.Email!, link);
    }
}
