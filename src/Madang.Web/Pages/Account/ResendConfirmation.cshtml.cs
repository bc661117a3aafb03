using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Web.Pages.Account;

/// <summary>Sends the confirmation link again; answers the same whatever the address.</summary>
public sealed class ResendConfirmationModel(UserManager<MadangUser> users, IEmailSender<MadangUser> mail) : MadangPage
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
        if (user is not null && !user.EmailConfirmed)
        {
            await ConfirmationMail.SendAsync(users, mail, user, Request, Culture);
        }

        Sent = true;
        return Page();
    }
}
