namespace Madang.Data.Domain;

/// <summary>A remote CKAN-compatible portal harvested on a schedule into local copies.</summary>
public sealed class HarvestSource
{
    public Guid Id { get; set; }

    /// <summary>The portal's base URL (its API is at <c>{Url}/api/3/action/…</c>).</summary>
    public required string Url { get; set; }

    public required string Title { get; set; }

    /// <summary>How often to harvest; zero means only when run by hand.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>Local organisation for datasets whose remote organisation has no mapping.</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>Remote organisation name → local organisation code, as JSON object.</summary>
    public string? OrganisationMapJson { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }
}

/// <summary>One harvest run with its counts and errors.</summary>
public sealed class HarvestRun
{
    public Guid Id { get; set; }

    public Guid SourceId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Deleted { get; set; }

    public int Failed { get; set; }

    /// <summary>Errors, one per line (remote dataset name: reason); never document text.</summary>
    public string? Errors { get; set; }

    public bool Succeeded { get; set; }
}
