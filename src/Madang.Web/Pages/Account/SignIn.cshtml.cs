using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Web.Pages.Account;

/// <summary>Sign in with e-mail and password; locks out after repeated failures; hands over to TOTP when enabled.</summary>
public sealed class SignInModel(SignInManager<MadangUser> signIn, UserManager<MadangUser> users, Madang.Core.Audit.AuditLog audit, Madang.Core.Data.MadangDbContext db) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string Email { get; set; } = string.Empty;
    [BindProperty] public string Password { get; set; } = string.Empty;
    [BindProperty] public bool RememberMe { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrWhiteSpace(Email) ? null : await users.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            AddError(string.Empty, "signin.error.invalid");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password ?? string.Empty, RememberMe, lockoutOnFailure: true);
        // Who signed in, failed or was locked out, for the account owner and the security team; never the password.
        var action = result.Succeeded ? "core.account.signed-in"
            : result.RequiresTwoFactor ? "core.account.password-verified"
            : result.IsLockedOut ? "core.account.locked-out"
            : result.IsNotAllowed ? "core.account.signin-unconfirmed"
            : "core.account.signin-failed";
        audit.Record(new Madang.Core.Audit.Actor(user.Id, user.UserName!), action, "user", user.Id.ToString());
        await db.SaveChangesAsync();
        if (result.Succeeded)
        {
            return LocalRedirectOrHome(ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return Redirect(Href($"account/signin-2fa?rememberMe={RememberMe}&returnUrl={Uri.EscapeDataString(ReturnUrl ?? string.Empty)}"));
        }

        if (result.IsLockedOut)
        {
            AddError(string.Empty, "signin.error.locked");
        }
        else if (result.IsNotAllowed)
        {
            AddError(string.Empty, "signin.error.unconfirmed");
        }
        else
        {
            AddError(string.Empty, "signin.error.invalid");
        }

        return Page();
    }
}
