namespace Madang.Participation.Domain;

/// <summary>"The City asks": a department's question to residents, with background, a period and an answer form.</summary>
public sealed class Consultation
{
    public long Id { get; set; }

    /// <summary>The process whose districts, age bands and verification level apply.</summary>
    public Guid ProcessId { get; set; }

    /// <summary>The department asking.</summary>
    public Guid OrganisationId { get; set; }

    public required string Title { get; set; }

    /// <summary>Background material (Markdown).</summary>
    public string Background { get; set; } = string.Empty;

    public ConsultationKind Kind { get; set; }

    public ChoiceMode Mode { get; set; }

    /// <summary>The options, one per line (for/against questions have none: the sides are fixed).</summary>
    public string Options { get; set; } = string.Empty;

    public string Language { get; set; } = "ko";

    public DateTimeOffset OpensAt { get; set; }

    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>Results shown while it runs, or only once it has closed.</summary>
    public bool ResultsLive { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    /// <summary>When followers were told that it closed and its results are out.</summary>
    public DateTimeOffset? AnnouncedAt { get; set; }

    public IReadOnlyList<string> OptionList => Mode == ChoiceMode.ForAgainst ? ["for", "against"]
        : Options.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsOpen(DateTimeOffset now) => now >= OpensAt && now < ClosesAt;
}

/// <summary>A vote on options, or a discussion (a debate opened with it).</summary>
public enum ConsultationKind
{
    Vote = 0,
    Discussion = 1,
}

/// <summary>How a respondent answers a vote.</summary>
public enum ChoiceMode
{
    Single = 0,
    Multiple = 1,
    ForAgainst = 2,
}

/// <summary>One person's answer; answering again replaces it. District and age band only if they agreed to share them.</summary>
public sealed class ConsultationResponse
{
    public long ConsultationId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The chosen options' positions, comma-separated (<c>0,2</c>).</summary>
    public required string Choices { get; set; }

    public string? District { get; set; }

    public string? AgeBand { get; set; }

    public DateTimeOffset At { get; set; }
}
