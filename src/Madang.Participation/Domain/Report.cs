namespace Madang.Participation.Domain;

/// <summary>A reader's report of a proposal or argument; one per reader and item. Enough open reports hide the item.</summary>
public sealed class Report
{
    public long Id { get; set; }

    /// <summary><c>proposal</c> or <c>argument</c>.</summary>
    public required string TargetType { get; set; }

    public long TargetId { get; set; }

    public Guid ReporterId { get; set; }

    /// <summary>spam, offensive, personal-data or other.</summary>
    public required string Reason { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}
