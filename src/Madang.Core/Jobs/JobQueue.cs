using System.Text.Json;
using Madang.Core.Data;

namespace Madang.Core.Jobs;

/// <summary>Adds jobs to the caller's unit of work, so a job exists if and only if the change that caused it commits.</summary>
public sealed class JobQueue(MadangDbContext db, TimeProvider clock)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public Job Enqueue(string type, object? payload = null, DateTimeOffset? runAfter = null, int maxAttempts = 5)
    {
        var now = clock.GetUtcNow();
        var job = new Job
        {
            Type = type,
            Payload = payload is null ? "{}" : JsonSerializer.Serialize(payload, JsonOptions),
            State = JobState.Pending,
            CreatedAt = now,
            RunAfter = runAfter ?? now,
            MaxAttempts = maxAttempts,
        };
        db.Jobs.Add(job);
        return job;
    }
}

/// <summary>Worker settings (<c>Madang:Jobs</c>).</summary>
public sealed class JobOptions
{
    public int Workers { get; set; } = 2;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a lease lasts without a heartbeat; a killed worker's job is taken again after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A pending job older than this past its run time makes the health check report the queue as stuck.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);
}
