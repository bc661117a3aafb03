using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Madang.Core.Jobs;

/// <summary>Leases one due job and runs it to success, retry or failure.</summary>
public sealed class JobRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptions<JobOptions> options, ILogger<JobRunner> logger, JobMetrics metrics)
{
    /// <summary>Runs at most one job; false when none was due.</summary>
    public async Task<bool> RunOneAsync(CancellationToken ct)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var lease = options.Value.LeaseDuration;
        long? id;
        var batch = new List<long>();
        string? type = null;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var now = clock.GetUtcNow();
            id = await JobLeaser.TryLeaseAsync(db, token, now, now + lease, ct);
            if (id is { } first)
            {
                var job = await db.Jobs.AsNoTracking().Where(j => j.Id == first).Select(j => new { j.Type, j.Attempts }).SingleAsync(ct);
                if (job.Attempts == 1 && scope.ServiceProvider.GetKeyedService<IJobHandler>(job.Type) is IBatchJobHandler { BatchSize: > 1 } handler)
                {
                    now = clock.GetUtcNow();
                    batch = await JobLeaser.TryLeaseMoreAsync(db, job.Type, token, now, now + lease, handler.BatchSize - 1, ct);
                    type = job.Type;
                }
            }
        }

        if (id is not { } jobId)
        {
            return false;
        }

        if (batch.Count > 0)
        {
            await RunBatchAsync(type!, [jobId, .. batch], token, ct);
        }
        else
        {
            await RunLeasedAsync(jobId, token, ct);
        }

        return true;
    }

    /// <summary>Runs jobs leased together in one unit of work; if anything fails, runs each alone.</summary>
    private async Task RunBatchAsync(string type, List<long> ids, string token, CancellationToken ct)
    {
        using var heartbeatCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(token, heartbeatCts.Token);
        try
        {
            var started = clock.GetTimestamp();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
                var jobs = await db.Jobs.Where(j => ids.Contains(j.Id)).OrderBy(j => j.Id).ToListAsync(ct);
                var handler = (IBatchJobHandler)scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(type);
                await handler.ExecuteBatchAsync(jobs.Select(j => new JobContext(j, db, scope.ServiceProvider, p => ProgressAsync(j.Id, token, p, ct), ct)).ToList());
                var now = clock.GetUtcNow();
                foreach (var job in jobs)
                {
                    job.State = JobState.Succeeded;
                    job.CompletedAt = now;
                    job.Progress = 100;
                    job.LastError = null;
                }

                // One SaveChanges for the whole batch: the LeaseToken check on each job refuses all of it if any lease was lost.
                await db.SaveChangesAsync(ct);
                var elapsed = clock.GetElapsedTime(started) / jobs.Count;
                jobs.ForEach(j => metrics.Completed(j.Type, "succeeded", elapsed));
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // shutting down: the leases expire and the jobs are taken again
            }
            catch (Exception ex)
            {
                // Nothing of the batch was saved. Each job alone decides its own fate: success, retry or lost lease.
                logger.LogWarning("A batch of {Count} {JobType} jobs failed ({ErrorType}); running them one by one.", ids.Count, type, ex.GetType().Name);
            }

            foreach (var id in ids)
            {
                await RunLeasedAsync(id, token, ct);
            }
        }
        finally
        {
            await heartbeatCts.CancelAsync();
            try
            {
                await heartbeat;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RunLeasedAsync(long jobId, string token, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var job = await db.Jobs.SingleAsync(j => j.Id == jobId, ct);
        using var heartbeatCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(jobId, token, heartbeatCts.Token);
        var started = clock.GetTimestamp();
        try
        {
            if (job.Attempts > job.MaxAttempts)
            {
                // The lease kept expiring (the worker died each time): stop taking it again and show it.
                throw new JobFailedException("The job's worker stopped before finishing too many times.");
            }

            var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(job.Type)
                ?? throw new JobFailedException($"No handler is registered for job type '{job.Type}'.");
            var context = new JobContext(job, db, scope.ServiceProvider, p => ProgressAsync(jobId, token, p, ct), ct);
            await handler.ExecuteAsync(context);

            job.State = JobState.Succeeded;
            job.CompletedAt = clock.GetUtcNow();
            job.Progress = 100;
            job.LastError = null;
            // One SaveChanges: the handler's effects and the completion commit together, and the LeaseToken
            // concurrency check makes it fail if another worker took the job meanwhile.
            await db.SaveChangesAsync(ct);
            metrics.Completed(job.Type, "succeeded", clock.GetElapsedTime(started));
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Job {JobId} ({JobType}) lost its lease; its changes were discarded.", jobId, job.Type);
            metrics.Completed(job.Type, "lost", clock.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: leave the lease to expire so another worker takes the job.
        }
        catch (Exception ex)
        {
            var final = job.Attempts >= job.MaxAttempts;
            logger.LogWarning("Job {JobId} ({JobType}) failed on attempt {Attempt}: {ErrorType}", jobId, job.Type, job.Attempts, ex.GetType().Name);
            await RecordFailureAsync(jobId, token, ex, final, ct);
            metrics.Completed(job.Type, final ? "failed" : "retry", clock.GetElapsedTime(started));
        }
        finally
        {
            await heartbeatCts.CancelAsync();
            try
            {
                await heartbeat;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RecordFailureAsync(long jobId, string token, Exception ex, bool final, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == jobId && j.LeaseToken == token, ct);
        if (job is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        job.LastError = Describe(ex);
        if (final)
        {
            job.State = JobState.Failed;
            job.CompletedAt = now;
        }
        else
        {
            job.State = JobState.Pending;
            job.RunAfter = now + Backoff(job.Attempts);
        }

        job.LeaseToken = null;
        job.LeasedUntil = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Exponential backoff: 2, 4, 8 … seconds, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Clamp(attempts, 1, 12))));

    private static string Describe(Exception ex)
    {
        var message = ex is JobFailedException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        return message.Length > 1000 ? message[..1000] : message;
    }

    private async Task HeartbeatAsync(string token, CancellationToken ct)
    {
        var interval = options.Value.LeaseDuration / 3;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, clock, ct);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            if (!await JobLeaser.RenewAllAsync(db, token, clock.GetUtcNow() + options.Value.LeaseDuration, ct))
            {
                return;
            }
        }
    }

    private async Task HeartbeatAsync(long jobId, string token, CancellationToken ct)
    {
        var interval = options.Value.LeaseDuration / 3;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, clock, ct);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var now = clock.GetUtcNow();
            if (!await JobLeaser.RenewAsync(db, jobId, token, now + options.Value.LeaseDuration, ct))
            {
                return;
            }
        }
    }

    private async Task ProgressAsync(long jobId, string token, int progress, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await JobLeaser.SetProgressAsync(db, jobId, token, progress, ct);
    }
}

/// <summary>Job counters and durations for <c>/metrics</c>.</summary>
public sealed class JobMetrics : IDisposable
{
    public const string MeterName = "Madang.Jobs";
    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> completed;
    private readonly Histogram<double> duration;

    public JobMetrics()
    {
        completed = meter.CreateCounter<long>("madang.jobs.completed", description: "Jobs finished, by type and outcome.");
        duration = meter.CreateHistogram<double>("madang.jobs.duration", unit: "s", description: "Time a job ran.");
    }

    public Meter Meter => meter;

    public void Completed(string type, string outcome, TimeSpan elapsed)
    {
        var tags = new KeyValuePair<string, object?>[] { new("type", type), new("outcome", outcome) };
        completed.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
    }

    public void Dispose() => meter.Dispose();
}
