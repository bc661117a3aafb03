using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Jobs;
using Madang.Core.Notifications;
using Madang.Core.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PhoneNumbers;

namespace Madang.Web.Pages.Account;

/// <summary>Raises a person's verification level: a mobile number confirmed by an SMS code, then the census list.</summary>
[Authorize]
public sealed class VerifyModel(UserManager<MadangUser> users, VerificationService verification, MadangDbContext db, JobQueue jobs, AuditLog audit, TimeProvider clock) : MadangPage
{
    private const int CodesPerHour = 5;
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public VerificationLevel Level { get; private set; }
    public string? Phone { get; private set; }

    /// <summary>The number a code was just sent to, waiting for the code.</summary>
    [BindProperty] public string? PendingPhone { get; set; }
    [BindProperty] public string? PhoneInput { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Identifier { get; set; }
    [BindProperty] public string? BirthDate { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostSendCodeAsync(CancellationToken ct)
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        string e164;
        try
        {
            var parsed = Phones.Parse(PhoneInput ?? string.Empty, RegionFor(Culture));
            if (!Phones.IsValidNumber(parsed))
            {
                throw new NumberParseException(ErrorType.NOT_A_NUMBER, "invalid");
            }

            e164 = Phones.Format(parsed, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            AddError(nameof(PhoneInput), "verify.phone.invalid");
            return UnprocessablePage();
        }

        var since = clock.GetUtcNow().AddHours(-1);
        var sent = await db.AuditEntries.CountAsync(a => a.Action == "verify.code-sent" && a.TargetId == user.Id.ToString() && a.At > since, ct);
        if (sent >= CodesPerHour)
        {
            AddError(nameof(PhoneInput), "verify.phone.toomany", CodesPerHour);
            return UnprocessablePage();
        }

        var code = await users.GenerateChangePhoneNumberTokenAsync(user, e164);
        jobs.Enqueue(KernelJobs.Sms, new SmsMessage(e164, L["verify.sms", code]));
        // The audit keeps the fact a code was sent, never the code or the number.
        audit.Record(new Actor(user.Id, user.DisplayName), "verify.code-sent", "user", user.Id.ToString());
        await db.SaveChangesAsync(ct);
        PendingPhone = e164;
        Flash = L["verify.phone.sent"];
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmPhoneAsync()
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        var result = string.IsNullOrWhiteSpace(PendingPhone) || string.IsNullOrWhiteSpace(Code)
            ? IdentityResult.Failed()
            : await users.ChangePhoneNumberAsync(user, PendingPhone, Code.Trim());
        if (!result.Succeeded)
        {
            AddError(nameof(Code), "verify.phone.wrongcode");
            return UnprocessablePage();
        }

        audit.Record(new Actor(user.Id, user.DisplayName), "verify.phone-confirmed", "user", user.Id.ToString());
        await db.SaveChangesAsync();
        Flash = L["verify.phone.done"];
        return Redirect(Href("account/verify"));
    }

    public async Task<IActionResult> OnPostCensusAsync(CancellationToken ct)
    {
        if (await LoadAsync() is not { } user)
        {
            return Challenge();
        }

        if (string.IsNullOrWhiteSpace(Identifier) || !DateOnly.TryParseExact(BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        {
            AddError(nameof(Identifier), "verify.census.incomplete");
            return UnprocessablePage();
        }

        switch (await verification.MatchAsync(user.Id, Identifier, born, ct))
        {
            case CensusMatch.Verified:
                Flash = L["verify.census.done"];
                return Redirect(Href("account/verify"));
            case CensusMatch.EmailNotConfirmed:
                AddError(nameof(Identifier), "verify.census.email");
                return UnprocessablePage();
            default:
                AddError(nameof(Identifier), "verify.census.nomatch");
                return UnprocessablePage();
        }
    }

    private PageResult UnprocessablePage()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<MadangUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is not null)
        {
            Level = VerificationService.LevelOf(user);
            Phone = user.PhoneNumberConfirmed ? user.PhoneNumber : null;
        }

        return user;
    }

    private static string RegionFor(string culture) => culture switch
    {
        "ja" => "JP",
        "zh-Hant" => "TW",
        "zh-Hans" => "CN",
        "en" => "US",
        _ => "KR",
    };
}
