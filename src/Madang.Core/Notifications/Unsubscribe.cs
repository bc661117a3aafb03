using Madang.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Notifications;

/// <summary>
/// One-click unsubscribe (RFC 8058): every e-mail carries a link, and a <c>List-Unsubscribe</c> header, that stops a
/// channel for its reader without signing in. The link is a token only this site can make and read, naming the
/// person; it is valid for a year, longer than any request takes.
/// </summary>
public sealed class Unsubscribe(IDataProtectionProvider protection, MadangDbContext db, TimeProvider clock)
{
    public const string Email = "email";
    public const string Sms = "sms";

    /// <summary>The page, relative to the language prefix.</summary>
    public const string PathPrefix = "account/unsubscribe/";

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("Madang.Notifications.Unsubscribe.v1").ToTimeLimitedDataProtector();

    public string Token(Guid userId) => protector.Protect(userId.ToString("N"), TimeSpan.FromDays(366));

    /// <summary>The person a token names, or null when it is forged, altered or expired.</summary>
    public Guid? Read(string token)
    {
        try
        {
            return Guid.TryParseExact(protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Stops <paramref name="channel"/> for the person the token names; false when the token is not good.</summary>
    public async Task<bool> StopAsync(string token, string channel, CancellationToken ct = default)
    {
        if (Read(token) is not { } id || await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct) is not { } user)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (channel == Sms)
        {
            (user.NotifyBySms, user.SmsStoppedAt) = (false, user.SmsStoppedAt ?? now);
        }
        else
        {
            (user.NotifyByEmail, user.EmailStoppedAt) = (false, user.EmailStoppedAt ?? now);
        }

        await db.SaveChangesAsync(ct);
        return true;
    }
}
