using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Notifications;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Account;

/// <summary>A person's web inbox: every notification, whatever else it was sent by.</summary>
public sealed class InboxModel(MadangDbContext db, TimeProvider clock) : MadangPage
{
    public IReadOnlyList<InboxMessage> Messages { get; private set; } = [];

    private Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task OnGetAsync() =>
        Messages = await db.InboxMessages.AsNoTracking().Where(m => m.UserId == UserId).OrderByDescending(m => m.At).Take(100).ToListAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var now = clock.GetUtcNow();
        await db.InboxMessages.Where(m => m.UserId == UserId && m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now));
        return Redirect(Href("account/inbox"));
    }
}
