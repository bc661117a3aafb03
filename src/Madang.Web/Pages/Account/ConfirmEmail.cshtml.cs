using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Madang.Web.Pages.Account;

/// <summary>Confirms an e-mail address from the link in the confirmation mail.</summary>
public sealed class ConfirmEmailModel(UserManager<MadangUser> users, AuditLog audit, MadangDbContext db) : MadangPage
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        if (userId is null || code is null || await users.FindByIdAsync(userId) is not { } user)
        {
            return;
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return;
        }

        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (Confirmed)
        {
            audit.Record(new Actor(user.Id, user.UserName!), "core.account.email-confirmed", "user", user.Id.ToString());
            await db.SaveChangesAsync();
        }
    }
}
