using System.Text.RegularExpressions;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Localization;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Account.Manage;

/// <summary>A person edits their display name, handle, the language messages reach them in, and the channels they come by.</summary>
public sealed partial class ManageIndexModel(UserManager<MadangUser> users, MadangDbContext db, Madang.Core.Notifications.Notifier notifier) : MadangPage
{
    /// <summary>Whether this person could get SMS at all: a gateway is configured and their number is confirmed.</summary>
    public bool SmsPossible { get; private set; }
    public string? Phone { get; private set; }
    [BindProperty] public bool NotifyByEmail { get; set; }
    [BindProperty] public bool NotifyBySms { get; set; }

    public string Email { get; private set; } = string.Empty;
    public bool TwoFactorEnabled { get; private set; }
    [BindProperty] public string DisplayName { get; set; } = string.Empty;
    [BindProperty] public string? Handle { get; set; }
    [BindProperty] public string PreferredLanguage { get; set; } = SiteCultures.Default;

    [GeneratedRegex("^[a-z0-9_-]{3,30}$")]
    private static partial Regex HandlePattern();

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Fill(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        DisplayName = DisplayName?.Trim() ?? string.Empty;
        Handle = string.IsNullOrWhiteSpace(Handle) ? null : Handle.Trim().ToLowerInvariant();
        if (DisplayName.Length is 0 or > 100)
        {
            AddError(nameof(DisplayName), "register.error.displayname");
        }

        if (Handle is not null && !HandlePattern().IsMatch(Handle))
        {
            AddError(nameof(Handle), "register.error.handle");
        }
        else if (Handle is not null && await db.Users.AnyAsync(u => u.Handle == Handle && u.Id != user.Id))
        {
            AddError(nameof(Handle), "register.error.handletaken");
        }

        if (!ModelState.IsValid)
        {
            Email = user.Email ?? string.Empty;
            TwoFactorEnabled = user.TwoFactorEnabled;
            Channels(user);
            return Page();
        }

        user.DisplayName = DisplayName;
        user.Handle = Handle;
        user.PreferredLanguage = SiteCultures.IsSupported(PreferredLanguage) ? PreferredLanguage : user.PreferredLanguage;
        user.NotifyByEmail = NotifyByEmail;
        // Turning a channel on here undoes a one-click stop.
        user.EmailStoppedAt = NotifyByEmail ? null : user.EmailStoppedAt;
        // Kept as asked even while no gateway is configured, so it takes effect when one is.
        user.NotifyBySms = NotifyBySms && user.PhoneNumberConfirmed;
        user.SmsStoppedAt = user.NotifyBySms ? null : user.SmsStoppedAt;
        await users.UpdateAsync(user);
        Flash = L["manage.saved"];
        return Redirect(Href("account/manage"));
    }

    private void Fill(MadangUser user)
    {
        Email = user.Email ?? string.Empty;
        DisplayName = user.DisplayName;
        Handle = user.Handle;
        PreferredLanguage = user.PreferredLanguage;
        NotifyByEmail = user.NotifyByEmail;
        NotifyBySms = user.NotifyBySms;
        Channels(user);
        TwoFactorEnabled = user.TwoFactorEnabled;
    }

    private void Channels(MadangUser user)
    {
        Phone = user.PhoneNumberConfirmed ? user.PhoneNumber : null;
        SmsPossible = notifier.SmsAvailable && Phone is not null;
    }
}
