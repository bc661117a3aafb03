using System.Text.Json;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>Queues <paramref name="type"/> unless one is already pending or running (besides <paramref name="except"/>,
    /// the job asking): a schedule that re-queues itself stays one schedule however many nodes start it.</summary>
    public async Task<bool> EnqueueUnlessQueuedAsync(string type, DateTimeOffset? runAfter = null, long? except = null, CancellationToken ct = default)
    {
        if (await db.Jobs.AnyAsync(j => j.Type == type && j.Id != except && (j.State == JobState.Pending || j.State == JobState.Running), ct))
        {
            return false;
        }

        Enqueue(type, runAfter: runAfter);
        return true;
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
