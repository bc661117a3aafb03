using System.Diagnostics.Metrics;
using System.Text.Json;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Madang.Web.Infrastructure;

/// <summary>The database answers.</summary>
public sealed class DatabaseHealthCheck(MadangDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Database unreachable.");
}

/// <summary>Every migration this build knows has been applied.</summary>
public sealed class MigrationsHealthCheck(MadangDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{pending.Count} pending migration(s); run `migrate`.");
    }
}

/// <summary>No due job has waited past <see cref="JobOptions.StuckAfter"/>: if one has, no worker is taking jobs.</summary>
public sealed class JobQueueHealthCheck(MadangDbContext db, TimeProvider clock, IOptions<JobOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = clock.GetUtcNow() - options.Value.StuckAfter;
        var stuck = await db.Jobs.CountAsync(j => j.State == JobState.Pending && j.RunAfter < limit, cancellationToken);
        var failed = await db.Jobs.CountAsync(j => j.State == JobState.Failed, cancellationToken);
        var data = new Dictionary<string, object> { ["stuck"] = stuck, ["failed"] = failed };
        return stuck == 0
            ? HealthCheckResult.Healthy(failed > 0 ? $"{failed} failed job(s) await an administrator." : null, data)
            : HealthCheckResult.Unhealthy($"{stuck} job(s) waiting longer than {options.Value.StuckAfter}.", data: data);
    }
}

/// <summary>Writes health as JSON: overall status and each check.</summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

/// <summary>Samples the job queue every few seconds for <c>/metrics</c> gauges (scrapes must not hit the database).</summary>
public sealed class QueueStatistics(IServiceScopeFactory scopes, ILogger<QueueStatistics> logger) : BackgroundService
{
    public const string MeterName = "Madang.Queue";
    private readonly Meter meter = new(MeterName);
    private volatile Dictionary<JobState, int> counts = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        meter.CreateObservableGauge("madang.jobs.queue", () =>
            counts.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("state", kv.Key.ToString().ToLowerInvariant()))),
            description: "Jobs by state.");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
                var rows = await db.Jobs.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(stoppingToken);
                counts = Enum.GetValues<JobState>().ToDictionary(s => s, s => rows.FirstOrDefault(r => r.Key == s)?.Count ?? 0);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Queue sampling failed");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public override void Dispose()
    {
        meter.Dispose();
        base.Dispose();
    }
}
