namespace Madang.Participation.Domain;

/// <summary>An agenda-selection panel: citizens volunteer, then a panel is drawn by lot from a published seed.</summary>
public sealed class Panel
{
    public Guid Id { get; set; }

    public Guid ProcessId { get; set; }

    public required string Title { get; set; }

    /// <summary>How many members to draw.</summary>
    public int Size { get; set; }

    /// <summary>Published before the draw; the draw is a pure function of it and the published volunteer list.</summary>
    public string? Seed { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DrawnAt { get; set; }
}

/// <summary>A volunteer for a panel with the strata they declared; numbered in the order they volunteered.</summary>
public sealed class PanelVolunteer
{
    public long Id { get; set; }

    public Guid PanelId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>1-based, the order of volunteering: what the published list shows instead of a name.</summary>
    public int Number { get; set; }

    public required string District { get; set; }

    public required string AgeBand { get; set; }

    public required string Gender { get; set; }

    public DateTimeOffset At { get; set; }

    public bool Selected { get; set; }
}
