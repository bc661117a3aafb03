namespace Madang.Core.Jobs;

/// <summary>A durable unit of background work, committed with the change that causes it.</summary>
public sealed class Job
{
    public long Id { get; set; }

    /// <summary>Handler name, module first: <c>core.email</c>.</summary>
    public required string Type { get; set; }

    /// <summary>JSON payload for the handler.</summary>
    public string Payload { get; set; } = "{}";

    public JobState State { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; } = 5;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not taken before this time (backoff, schedules).</summary>
    public DateTimeOffset RunAfter { get; set; }

    /// <summary>Who holds the lease; changes on every lease, so a late finisher cannot complete a job it lost.</summary>
    public string? LeaseToken { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The last failure's message (exception type and message only: never payload contents).</summary>
    public string? LastError { get; set; }

    /// <summary>0–100, for long jobs that report progress.</summary>
    public int Progress { get; set; }
}

/// <summary>Where a job is in its life.</summary>
public enum JobState
{
    Pending = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}
