using Microsoft.AspNetCore.Identity;

namespace Madang.Core.Identity;

/// <summary>A person: citizen or staff. The display name is any Unicode; the handle is optional ASCII.</summary>
public sealed class MadangUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Optional ASCII handle (a–z, 0–9, '-', '_'), unique when set. Identity's UserName stays the e-mail.</summary>
    public string? Handle { get; set; }

    /// <summary>The language messages are sent in.</summary>
    public string PreferredLanguage { get; set; } = "ko";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When this person was matched against the city's census list (<see cref="VerificationLevel.Census"/>).</summary>
    public DateTimeOffset? CensusVerifiedAt { get; set; }

    /// <summary>Whether notifications also go by e-mail (the web inbox always has them).</summary>
    public bool NotifyByEmail { get; set; } = true;

    /// <summary>Whether notifications also go by SMS to the confirmed number: asked for, never assumed.</summary>
    public bool NotifyBySms { get; set; }

    /// <summary>Set when the person stopped e-mail with the one-click link: then even a request's own "tell me by e-mail"
    /// does not send, until they turn e-mail on again in their settings.</summary>
    public DateTimeOffset? EmailStoppedAt { get; set; }

    /// <summary>The same for SMS.</summary>
    public DateTimeOffset? SmsStoppedAt { get; set; }
}

/// <summary>An Identity role; see <see cref="Permissions.Roles"/> for the defaults.</summary>
public sealed class MadangRole : IdentityRole<Guid>
{
    public MadangRole()
    {
    }

    public MadangRole(string name)
        : base(name)
    {
    }
}
