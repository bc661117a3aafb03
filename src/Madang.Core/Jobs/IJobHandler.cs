using Madang.Core.Data;

namespace Madang.Core.Jobs;

/// <summary>Runs one type of job. Register with <c>services.AddJobHandler&lt;T&gt;("module.name")</c>.</summary>
/// <remarks>
/// Changes made through <see cref="JobContext.Db"/> are saved in one transaction with the job's completion and only if
/// this worker still holds the lease: a job killed mid-run and taken again has its effect exactly once. Effects outside
/// the database (e-mail, HTTP) happen at least once; make them idempotent where it matters.
/// </remarks>
public interface IJobHandler
{
    Task ExecuteAsync(JobContext context);
}

/// <summary>A handler that can also run several jobs of its type in one unit of work, to save a commit and a lease per job.</summary>
/// <remarks>
/// The batch's effects and every job's completion commit in one SaveChanges. If <see cref="ExecuteBatchAsync"/> throws
/// (or the commit fails), the runner discards the batch's changes and runs each job alone through
/// <see cref="IJobHandler.ExecuteAsync"/>: one bad job fails only itself. Only first attempts are batched.
/// </remarks>
public interface IBatchJobHandler : IJobHandler
{
    /// <summary>At most this many jobs per batch.</summary>
    int BatchSize { get; }

    /// <summary>Runs every job; all contexts share one <see cref="JobContext.Db"/>.</summary>
    Task ExecuteBatchAsync(IReadOnlyList<JobContext> jobs);
}

/// <summary>What a handler gets: the job, a unit of work, services, cancellation and a progress reporter.</summary>
public sealed class JobContext(Job job, MadangDbContext db, IServiceProvider services, Func<int, Task> reportProgress, CancellationToken ct)
{
    public Job Job { get; } = job;
    public MadangDbContext Db { get; } = db;
    public IServiceProvider Services { get; } = services;
    public CancellationToken CancellationToken { get; } = ct;

    public T Payload<T>() => System.Text.Json.JsonSerializer.Deserialize<T>(Job.Payload, JobQueue.JsonOptions)
        ?? throw new InvalidOperationException($"Job {Job.Id} has an empty payload.");

    /// <summary>Records progress (0–100) on its own connection, visible on the jobs page while the job runs.</summary>
    public Task ReportProgressAsync(int percent) => reportProgress(Math.Clamp(percent, 0, 100));
}

/// <summary>A failure whose message is safe to show staff (no payload or personal data); it is retried like any other.</summary>
public sealed class JobFailedException(string message) : Exception(message);

/// <summary>The kernel's job types.</summary>
public static class KernelJobs
{
    public const string Email = "core.email";
    public const string Sms = "core.sms";

    /// <summary>A harmless job an administrator (or a test) runs to check that workers take and finish work.</summary>
    public const string Probe = "core.probe";
}
