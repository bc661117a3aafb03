using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Web.Pages.Account;

/// <summary>Signs out (POST only, with antiforgery, so a link elsewhere cannot sign people out).</summary>
public sealed class SignOutModel(SignInManager<MadangUser> signIn) : MadangPage
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        Flash = L["signout.done"];
        return Redirect(Href(string.Empty));
    }
}
