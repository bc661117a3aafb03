using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Web.Pages.Account;

/// <summary>Sign in with a one-time recovery code when the authenticator is lost.</summary>
public sealed class SignInRecoveryModel(SignInManager<MadangUser> signIn) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string RecoveryCode { get; set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect(Href("account/signin")) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect(Href("account/signin"));
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync((RecoveryCode ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal));
        if (result.Succeeded)
        {
            return LocalRedirectOrHome(ReturnUrl);
        }

        AddError(nameof(RecoveryCode), result.IsLockedOut ? "signin.error.locked" : "recovery.error");
        return Page();
    }
}
