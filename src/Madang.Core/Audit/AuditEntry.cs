namespace Madang.Core.Audit;

/// <summary>One append-only record of a change: who did what to what, and when. Never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The person, or null for the system and API keys (then <see cref="ActorName"/> says which).</summary>
    public Guid? ActorId { get; set; }

    public string ActorName { get; set; } = "system";

    /// <summary>Dotted verb, module first: <c>core.organisation.created</c>.</summary>
    public required string Action { get; set; }

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public Guid? OrganisationId { get; set; }

    /// <summary>JSON with the facts of the change. Never document text or personal data.</summary>
    public string? Details { get; set; }
}
