using Madang.Core.Data;
using Madang.Core.Notifications;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Account;

/// <summary>
/// Where an e-mail's "stop these e-mails" link and a mail program's own unsubscribe button (RFC 8058's one-click POST)
/// lead. The token in the address stands for the person, so no sign-in is needed; stopping is a POST, never a GET,
/// so link scanners that open every URL stop nothing.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(Unsubscribe unsubscribe, MadangDbContext db) : MadangPage
{
    public bool Valid { get; private set; }
    public bool HasSms { get; private set; }
    public string? Stopped { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        await LoadAsync(token, ct);
        if (!Valid)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    /// <summary>The page's buttons send <c>channel</c>; a mail program sends <c>List-Unsubscribe=One-Click</c>, meaning e-mail.</summary>
    public async Task<IActionResult> OnPostAsync(string token, [FromForm] string? channel, CancellationToken ct)
    {
        var which = channel == Unsubscribe.Sms ? Unsubscribe.Sms : Unsubscribe.Email;
        if (!await unsubscribe.StopAsync(token, which, ct))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        await LoadAsync(token, ct);
        Stopped = which;
        return Page();
    }

    private async Task LoadAsync(string token, CancellationToken ct)
    {
        if (unsubscribe.Read(token) is { } id)
        {
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
            Valid = user is not null;
            HasSms = user is { NotifyBySms: true };
        }
    }
}
