using System.Text;
using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Madang.Web.Pages.Account;

/// <summary>Sends a reset link; answers the same whether or not the address has an account.</summary>
public sealed class ForgotPasswordModel(UserManager<MadangUser> users, IEmailSender<MadangUser> mail) : MadangPage
{
    [BindProperty] public string Email { get; set; } = string.Empty;

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!System.Net.Mail.MailAddress.TryCreate(Email?.Trim(), out _))
        {
            AddError(nameof(Email), "register.error.email");
            return Page();
        }

        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is not null && user.EmailConfirmed)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            var link = $"{Request.Scheme}://{Request.Host}/{Culture}/account/reset-password?userId={user.Id}&code={code}";
            await mail.SendPasswordResetLinkAsync(user, user.Email!, link);
        }

        Sent = true;
        return Page();
    }
}
