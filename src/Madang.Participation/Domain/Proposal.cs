namespace Madang.Participation.Domain;

/// <summary>A citizen's proposal. Public surfaces show only <see cref="PublicTitle"/> and <see cref="PublicBody"/>, the
/// screened and masked text; the author's own text is kept for the author and moderators.</summary>
public sealed class Proposal
{
    public long Id { get; set; }

    public Guid ProcessId { get; set; }

    public Guid AuthorId { get; set; }

    public required string Title { get; set; }

    /// <summary>Markdown as written.</summary>
    public string Body { get; set; } = string.Empty;

    public string PublicTitle { get; set; } = string.Empty;

    public string PublicBody { get; set; } = string.Empty;

    /// <summary>A category from the process's list.</summary>
    public string? Category { get; set; }

    /// <summary>A district from the process's list.</summary>
    public string? District { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>The language it was written in (the author's page language).</summary>
    public string Language { get; set; } = "ko";

    public ProposalStatus Status { get; set; }

    /// <summary>How many ladder steps it has reached (0: none yet).</summary>
    public int Stage { get; set; }

    /// <summary>Supports as last counted; the proposal's page counts them live, lists sort by this.</summary>
    public int SupportCount { get; set; }

    /// <summary>The department answering it, assigned by an administrator (or from the category's default).</summary>
    public Guid? DepartmentId { get; set; }

    /// <summary>Reports by readers since moderation last looked; over the process's limit it is hidden pending review.</summary>
    public int OpenReports { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>When it left the open states (expired, withdrawn, rejected, concluded).</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Why it was rejected or hidden by moderation (shown to the author).</summary>
    public string? ModerationNote { get; set; }
}

/// <summary>Where a proposal is in its life.</summary>
public enum ProposalStatus
{
    /// <summary>Waiting for a moderator (processes with moderation before publication).</summary>
    Pending = 0,

    /// <summary>Public and gathering supports.</summary>
    Open = 1,

    /// <summary>Hidden after reports, until a moderator decides.</summary>
    Hidden = 2,

    /// <summary>Refused by a moderator.</summary>
    Rejected = 3,

    /// <summary>Withdrawn by its author.</summary>
    Withdrawn = 4,

    /// <summary>The first step of the ladder was not reached in its window.</summary>
    Expired = 5,

    /// <summary>Past the last step: answered or debated to its end.</summary>
    Concluded = 6,
}

/// <summary>One verified person's support of one proposal; the key makes a second impossible.</summary>
public sealed class Support
{
    public long ProposalId { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A ladder step a proposal reached (or missed), recorded once: what the step obliged follows from it.</summary>
public sealed class Milestone
{
    public long Id { get; set; }

    public long ProposalId { get; set; }

    /// <summary>1-based position in the process's ladder.</summary>
    public int Step { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The count that reached it (supports or debate participants).</summary>
    public int Count { get; set; }

    /// <summary>Promoted by the agenda-selection panel rather than reached by count.</summary>
    public bool ByPanel { get; set; }

    /// <summary>The step's window closed before the count reached it: the ladder ends here.</summary>
    public bool Missed { get; set; }
}

/// <summary>An answer owed: by a department or the Mayor's office, by a date. Overdue when unanswered past it.</summary>
public sealed class Obligation
{
    public long Id { get; set; }

    public long ProposalId { get; set; }

    public int Step { get; set; }

    public ObligationKind Kind { get; set; }

    /// <summary>Who must answer; null until an administrator assigns a department.</summary>
    public Guid? OrganisationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public long? AnswerId { get; set; }

    /// <summary>Unanswered past the due date (or already escalated as such), or answered after it.</summary>
    public bool IsOverdue(DateTimeOffset now) => AnsweredAt is null ? now > DueAt || EscalatedAt is not null : AnsweredAt > DueAt;
}

/// <summary>Who owes the answer.</summary>
public enum ObligationKind
{
    Department = 0,
    Mayor = 1,
}

/// <summary>An official answer, written by staff of the answering organisation.</summary>
public sealed class Answer
{
    public long Id { get; set; }

    public long ProposalId { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid AuthorId { get; set; }

    public AnswerStatus Status { get; set; }

    /// <summary>The reasoning (Markdown), public.</summary>
    public required string Text { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>What the city decided.</summary>
public enum AnswerStatus
{
    UnderReview = 0,
    Accepted = 1,
    PartlyAccepted = 2,
    Rejected = 3,
}
