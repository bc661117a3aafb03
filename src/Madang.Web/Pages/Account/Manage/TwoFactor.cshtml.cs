using System.Security.Claims;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Permissions;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Madang.Web.Pages.Account.Manage;

/// <summary>TOTP enrolment: QR code and secret, verification, recovery codes; required for every staff role.</summary>
public sealed class TwoFactorModel(UserManager<MadangUser> users, SignInManager<MadangUser> signIn, AuditLog audit, MadangDbContext db, SiteSettingsProvider settings) : MadangPage
{
    public bool Enabled { get; private set; }
    public string SharedKey { get; private set; } = string.Empty;
    public string QrDataUri { get; private set; } = string.Empty;
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    [BindProperty] public string Code { get; set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        if (TempData["RecoveryCodes"] is string codes)
        {
            RecoveryCodes = codes.Split(' ');
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var code = (Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            AddError(nameof(Code), "signin2fa.error");
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        audit.Record(new Actor(user.Id, user.UserName!), "core.account.twofactor-enabled", "user", user.Id.ToString());
        await db.SaveChangesAsync();
        // The code just proved possession of the authenticator: this session now counts as two-factor.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(MadangClaims.AuthenticationMethod, MadangClaims.MultiFactor)]);
        TempData["RecoveryCodes"] = string.Join(' ', codes);
        Flash = L["twofactor.done"];
        return Redirect(Href("account/manage/two-factor"));
    }

    public async Task<IActionResult> OnPostNewCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null || !user.TwoFactorEnabled)
        {
            return Redirect(Href("account/manage/two-factor"));
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        audit.Record(new Actor(user.Id, user.UserName!), "core.account.recovery-codes-renewed", "user", user.Id.ToString());
        await db.SaveChangesAsync();
        TempData["RecoveryCodes"] = string.Join(' ', codes);
        return Redirect(Href("account/manage/two-factor"));
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        audit.Record(new Actor(user.Id, user.UserName!), "core.account.twofactor-disabled", "user", user.Id.ToString());
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        Flash = L["twofactor.disabled"];
        return Redirect(Href("account/manage/two-factor"));
    }

    private async Task LoadAsync(MadangUser user)
    {
        Enabled = user.TwoFactorEnabled;
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        if (Enabled)
        {
            return;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        SharedKey = string.Join(' ', key!.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        var issuer = Uri.EscapeDataString(settings.Current.SiteName.Get("en"));
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={issuer}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
