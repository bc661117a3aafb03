using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Madang.Web.Pages.Account;

/// <summary>Sets a new password from the link in the reset mail; also lifts a lockout.</summary>
public sealed class ResetPasswordModel(UserManager<MadangUser> users, AuditLog audit, MadangDbContext db) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public string Password { get; set; } = string.Empty;
    [BindProperty] public string ConfirmPassword { get; set; } = string.Empty;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if ((Password ?? string.Empty).Length < 10)
        {
            AddError(nameof(Password), "register.error.password");
            return Page();
        }

        if (Password != ConfirmPassword)
        {
            AddError(nameof(ConfirmPassword), "register.error.mismatch");
            return Page();
        }

        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        string? token = null;
        try
        {
            token = Code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
        }

        if (user is null || token is null || !(await users.ResetPasswordAsync(user, token, Password!)).Succeeded)
        {
            AddError(string.Empty, "reset.error");
            return Page();
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(new Actor(user.Id, user.UserName!), "core.account.password-reset", "user", user.Id.ToString());
        await db.SaveChangesAsync();
        Flash = L["reset.done"];
        return Redirect(Href("account/signin"));
    }
}
