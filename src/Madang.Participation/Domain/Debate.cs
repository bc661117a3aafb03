namespace Madang.Participation.Domain;

/// <summary>A public debate: opened by a proposal's ladder, by the panel, or by a consultation; closed with a summary.</summary>
public sealed class Debate
{
    public long Id { get; set; }

    public Guid ProcessId { get; set; }

    public long? ProposalId { get; set; }

    public long? ConsultationId { get; set; }

    public required string Title { get; set; }

    /// <summary>What is debated (Markdown, public).</summary>
    public string Body { get; set; } = string.Empty;

    public DateTimeOffset OpensAt { get; set; }

    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>Participants as last counted (each person once, their latest position).</summary>
    public int ParticipantCount { get; set; }

    /// <summary>The closing summary written by staff (Markdown).</summary>
    public string? Summary { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsOpen(DateTimeOffset now) => ClosedAt is null && now >= OpensAt && now < ClosesAt;
}

/// <summary>One participant's position in a debate; changing it replaces it, so each person counts once.</summary>
public sealed class DebatePosition
{
    public long DebateId { get; set; }

    public Guid UserId { get; set; }

    public Side Side { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>For, against, or undecided.</summary>
public enum Side
{
    Neutral = 0,
    For = 1,
    Against = 2,
}

/// <summary>An argument for or against, shown side by side.</summary>
public sealed class Argument
{
    public long Id { get; set; }

    public long DebateId { get; set; }

    public Guid AuthorId { get; set; }

    public Side Side { get; set; }

    public required string Text { get; set; }

    /// <summary>The screened text readers see.</summary>
    public string PublicText { get; set; } = string.Empty;

    public bool Hidden { get; set; }

    public DateTimeOffset At { get; set; }
}
