using Madang.Core;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madang.Core.Tests;

public sealed class JobTests
{
    /// <summary>Always fails, to exercise retry and parking.</summary>
    private sealed class FailingJob : IJobHandler
    {
        public Task ExecuteAsync(JobContext context) => throw new JobFailedException("The remote system refused the file.");
    }

    /// <summary>Writes one audit entry per run: counting entries counts effects.</summary>
    private sealed class CountingJob(AuditLog audit) : IJobHandler
    {
        public async Task ExecuteAsync(JobContext context)
        {
            await Task.Delay(Random.Shared.Next(1, 20), context.CancellationToken);
            audit.Record(Actor.System, "test.effect", "job", context.Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Loses its lease while working, as when a slow worker is presumed dead and another takes the job.</summary>
    private sealed class LeaseStealingJob(AuditLog audit) : IJobHandler
    {
        public async Task ExecuteAsync(JobContext context)
        {
            audit.Record(Actor.System, "test.stolen-effect", "job", context.Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await using var other = context.Services.GetRequiredService<IDbContextFactoryLike>().Create();
            await other.Jobs.Where(j => j.Id == context.Job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseToken, "someone-else"));
        }
    }

    /// <summary>Runs up to ten jobs per unit of work; a job whose payload says "bad" throws, in a batch and alone.</summary>
    private sealed class BatchingJob(AuditLog audit) : IBatchJobHandler
    {
        public sealed record Payload(bool Bad);

        public int BatchSize => 10;

        public Task ExecuteAsync(JobContext context)
        {
            if (context.Payload<Payload>().Bad)
            {
                throw new JobFailedException("This job is bad.");
            }

            audit.Record(Actor.System, "test.batch-effect", "job", context.Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        }

        public async Task ExecuteBatchAsync(IReadOnlyList<JobContext> jobs)
        {
            audit.Record(Actor.System, "test.batch", "batch", jobs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var job in jobs)
            {
                await ExecuteAsync(job);
            }
        }
    }

    /// <summary>Opens a second, independent context on the same database.</summary>
    public interface IDbContextFactoryLike
    {
        MadangDbContext Create();
    }

    private sealed class ContextFactory(TestDatabase db) : IDbContextFactoryLike
    {
        public MadangDbContext Create() => db.NewContext();
    }

    private static ServiceProvider Services(TestDatabase db, TimeProvider? clock = null) => KernelHost.Create(db, s =>
    {
        s.AddJobHandler<FailingJob>("test.fail");
        s.AddJobHandler<CountingJob>("test.count");
        s.AddJobHandler<LeaseStealingJob>("test.steal");
        s.AddJobHandler<BatchingJob>("test.batch");
        s.AddSingleton<IDbContextFactoryLike>(new ContextFactory(db));
        if (clock is not null)
        {
            s.AddSingleton(clock);
        }
    });

    private static async Task<long> EnqueueAsync(IServiceProvider sp, string type, object? payload = null, int maxAttempts = 5)
    {
        await using var scope = sp.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(type, payload, maxAttempts: maxAttempts);
        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        return job.Id;
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Probe_Runs_EffectCommittedWithCompletion(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = Services(test);
        var marker = Guid.NewGuid().ToString("N");
        var id = await EnqueueAsync(sp, KernelJobs.Probe, new ProbeJob.Payload(10, marker));

        Assert.True(await sp.GetRequiredService<JobRunner>().RunOneAsync(CancellationToken.None));
        Assert.False(await sp.GetRequiredService<JobRunner>().RunOneAsync(CancellationToken.None));

        await using var db = test.NewContext();
        var job = await db.Jobs.SingleAsync(j => j.Id == id);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == ProbeJob.CompletedAction && a.Details!.Contains(marker)));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task FailingJob_RetriedWithBackoff_ThenParkedWithItsError(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        await using var sp = Services(test, clock);
        var id = await EnqueueAsync(sp, "test.fail", maxAttempts: 3);
        var runner = sp.GetRequiredService<JobRunner>();

        Assert.True(await runner.RunOneAsync(CancellationToken.None));
        await using (var db = test.NewContext())
        {
            var job = await db.Jobs.SingleAsync(j => j.Id == id);
            Assert.Equal(JobState.Pending, job.State);
            Assert.Equal(1, job.Attempts);
            Assert.Equal(clock.GetUtcNow() + JobRunner.Backoff(1), job.RunAfter);
            Assert.Equal("The remote system refused the file.", job.LastError);
        }

        Assert.False(await runner.RunOneAsync(CancellationToken.None)); // not due yet
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            Assert.True(await runner.RunOneAsync(CancellationToken.None));
        }

        await using (var db = test.NewContext())
        {
            var job = await db.Jobs.SingleAsync(j => j.Id == id);
            Assert.Equal(JobState.Failed, job.State);
            Assert.Equal(3, job.Attempts);
        }

        clock.Advance(TimeSpan.FromDays(1));
        Assert.False(await runner.RunOneAsync(CancellationToken.None)); // parked jobs wait for an administrator
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task LostLease_DiscardsTheHandlersChanges(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = Services(test);
        var id = await EnqueueAsync(sp, "test.steal");

        await sp.GetRequiredService<JobRunner>().RunOneAsync(CancellationToken.None);

        await using var db = test.NewContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "test.stolen-effect"));
        Assert.NotEqual(JobState.Succeeded, (await db.Jobs.SingleAsync(j => j.Id == id)).State);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Batch_OneBadJob_FailsAlone_TheOthersTakeEffectOnce(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = Services(test);
        var ids = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await EnqueueAsync(sp, "test.batch", new BatchingJob.Payload(Bad: i == 3)));
        }

        var runner = sp.GetRequiredService<JobRunner>();
        Assert.True(await runner.RunOneAsync(CancellationToken.None)); // one lease takes the whole batch…
        Assert.False(await runner.RunOneAsync(CancellationToken.None)); // …and the bad job waits for its retry

        await using var db = test.NewContext();
        var effects = await db.AuditEntries.Where(a => a.Action == "test.batch-effect").Select(a => a.TargetId).ToListAsync();
        Assert.Equal(ids.Where((_, i) => i != 3).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), effects.Order());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "test.batch")); // the failed batch left nothing
        var jobs = await db.Jobs.OrderBy(j => j.Id).ToListAsync();
        Assert.All(jobs.Where((_, i) => i != 3), j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(JobState.Pending, jobs[3].State);
        Assert.Equal("This job is bad.", jobs[3].LastError);
        Assert.Equal(1, jobs[3].Attempts);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Batch_ConcurrentWorkers_EachJobTakenOnce_InBatches(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = Services(test);
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await EnqueueAsync(sp, "test.batch", new BatchingJob.Payload(Bad: false)));
        }

        var runner = sp.GetRequiredService<JobRunner>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await runner.RunOneAsync(CancellationToken.None))
            {
            }
        })));

        await using var db = test.NewContext();
        var effects = await db.AuditEntries.Where(a => a.Action == "test.batch-effect").Select(a => a.TargetId).ToListAsync();
        Assert.Equal(ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), effects.Order());
        var batches = await db.AuditEntries.Where(a => a.Action == "test.batch").Select(a => a.TargetId).ToListAsync();
        Assert.Contains(batches, b => int.Parse(b!, System.Globalization.CultureInfo.InvariantCulture) > 1);
        Assert.All(await db.Jobs.ToListAsync(), j => Assert.Equal(JobState.Succeeded, j.State));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ConcurrentWorkers_EachJobTakenOnce(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = Services(test);
        var ids = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await EnqueueAsync(sp, "test.count"));
        }

        var runner = sp.GetRequiredService<JobRunner>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await runner.RunOneAsync(CancellationToken.None))
            {
            }
        })));

        await using var db = test.NewContext();
        var effects = await db.AuditEntries.Where(a => a.Action == "test.effect").Select(a => a.TargetId).ToListAsync();
        Assert.Equal(ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), effects.Order());
        Assert.All(await db.Jobs.ToListAsync(), j => Assert.Equal(JobState.Succeeded, j.State));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EnqueueRolledBack_NoJobExists(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = Services(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(KernelJobs.Probe, new ProbeJob.Payload(1, "x"));
            scope.ServiceProvider.GetRequiredService<AuditLog>().Record(Actor.System, "test.change");
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        await using var check = test.NewContext();
        Assert.Equal(0, await check.Jobs.CountAsync());
        Assert.Equal(0, await check.AuditEntries.CountAsync(a => a.Action == "test.change"));
    }
}
