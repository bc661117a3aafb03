using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Madang.Core.Jobs;

/// <summary>Wakes workers at once when this process commits a job, instead of waiting for the next poll.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, int.MaxValue);

    public void Notify() => signal.Release();

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}

/// <summary>Runs <see cref="JobOptions.Workers"/> loops that lease and run jobs until the host stops.</summary>
public sealed class JobWorker(JobRunner runner, JobSignal signal, IOptions<JobOptions> options, ILogger<JobWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => LoopAsync(stoppingToken)));

    private async Task LoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await runner.RunOneAsync(ct))
                {
                    continue;
                }

                await signal.WaitAsync(options.Value.PollInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unreachable; keep the worker alive and try again.
                logger.LogError(ex, "Job worker loop error");
                try
                {
                    await Task.Delay(options.Value.PollInterval * 5, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
