using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Web.Pages.Account;

/// <summary>The second step of sign-in: a TOTP code from the authenticator app.</summary>
public sealed class SignInTwoFactorModel(SignInManager<MadangUser> signIn, Madang.Core.Audit.AuditLog audit, Madang.Core.Data.MadangDbContext db) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }
    [BindProperty] public string Code { get; set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect(Href("account/signin")) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect(Href("account/signin"));
        }

        var code = (Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false);
        audit.Record(new Madang.Core.Audit.Actor(user.Id, user.UserName!),
            result.Succeeded ? "core.account.signed-in-2fa" : result.IsLockedOut ? "core.account.locked-out" : "core.account.2fa-failed", "user", user.Id.ToString());
        await db.SaveChangesAsync();
        if (result.Succeeded)
        {
            return LocalRedirectOrHome(ReturnUrl);
        }

        AddError(result.IsLockedOut ? string.Empty : nameof(Code), result.IsLockedOut ? "signin.error.locked" : "signin2fa.error");
        return Page();
    }
}
