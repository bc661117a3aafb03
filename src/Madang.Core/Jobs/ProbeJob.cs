using Madang.Core.Audit;

namespace Madang.Core.Jobs;

/// <summary>Waits, then records an audit entry: proves that workers take, finish and commit jobs exactly once.</summary>
public sealed class ProbeJob(AuditLog audit) : IJobHandler
{
    /// <summary>Payload: how long to work, and a marker to find the effect by.</summary>
    public sealed record Payload(int DelayMs, string Marker);

    public const string CompletedAction = "core.jobs.probe-completed";

    public async Task ExecuteAsync(JobContext context)
    {
        var p = context.Payload<Payload>();
        var steps = Math.Max(1, p.DelayMs / 250);
        for (var i = 0; i < steps; i++)
        {
            await Task.Delay(Math.Max(0, p.DelayMs / steps), context.CancellationToken);
            await context.ReportProgressAsync((i + 1) * 100 / steps);
        }

        audit.Record(Actor.System, CompletedAction, "job", context.Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { p.Marker });
    }
}
