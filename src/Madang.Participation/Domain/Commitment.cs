namespace Madang.Participation.Domain;

/// <summary>What the city committed to after an adopted proposal or a consultation: tracked in public to completion.</summary>
public sealed class Commitment
{
    public long Id { get; set; }

    public required string Title { get; set; }

    /// <summary>What will be done (Markdown).</summary>
    public string Description { get; set; } = string.Empty;

    public Guid OrganisationId { get; set; }

    public long? ProposalId { get; set; }

    public long? ConsultationId { get; set; }

    /// <summary>The budget in the site's currency, if known.</summary>
    public decimal? Budget { get; set; }

    /// <summary>0–100, from the latest update.</summary>
    public int Progress { get; set; }

    public CommitmentStatus Status { get; set; }

    public DateOnly? StartsOn { get; set; }

    public DateOnly? DueOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Where a commitment stands.</summary>
public enum CommitmentStatus
{
    Planned = 0,
    InProgress = 1,
    Delayed = 2,
    Done = 3,
    Dropped = 4,
}

/// <summary>A dated step of a commitment.</summary>
public sealed class CommitmentMilestone
{
    public long Id { get; set; }

    public long CommitmentId { get; set; }

    public required string Title { get; set; }

    public DateOnly DueOn { get; set; }

    public DateOnly? DoneOn { get; set; }
}

/// <summary>A status update with its evidence, in the commitment's public timeline.</summary>
public sealed class CommitmentUpdate
{
    public long Id { get; set; }

    public long CommitmentId { get; set; }

    public Guid AuthorId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What happened (Markdown).</summary>
    public required string Text { get; set; }

    /// <summary>A link to the evidence: a released document, a dataset, a photo.</summary>
    public string? EvidenceUrl { get; set; }

    public int Progress { get; set; }

    public CommitmentStatus Status { get; set; }
}
