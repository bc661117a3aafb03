using Madang.Core.Data;
using Madang.Participation.Domain;
using Madang.Participation.Proposals;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Participation;

/// <summary>Supports arriving at once, each person twice (a double click): none lost, none doubled, the step taken once.</summary>
public sealed class SupportBurstTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ABurstOfConcurrentSupportsLosesAndDuplicatesNothing(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider));
        var dept = await People.OrganisationAsync(app);
        var slug = await Citizens.ProcessAsync(app, LadderTests.Ladder2017("burst-" + provider.ToLowerInvariant(), dept.Code, dept.Code));
        const int n = 300;
        var people = await Citizens.CreateAsync(app, n + 1);
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<ProposalService>().CreateAsync(slug, people[n], new ProposalDraft("Burst", "Many at once.", "welfare"))).Id;
        }

        using var start = new SemaphoreSlim(0);
        // At most as many at once as a node's connection pool would serve; the rest queue, as requests do.
        using var pool = new SemaphoreSlim(40);
        var added = 0;
        var tasks = people.Take(n).SelectMany(u => new[] { u, u }).Select(u => Task.Run(async () =>
        {
            await start.WaitAsync();
            await pool.WaitAsync();
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<ProposalService>().SupportAsync(id, u))
                {
                    Interlocked.Increment(ref added);
                }
            }
            finally
            {
                pool.Release();
            }
        })).ToList();
        start.Release(tasks.Count);
        await Task.WhenAll(tasks);

        await using var check = app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<MadangDbContext>();
        Assert.Equal(n, added);
        Assert.Equal(n, await db.Set<Support>().CountAsync(s => s.ProposalId == id));
        Assert.Equal(n, await db.Set<Support>().Where(s => s.ProposalId == id).Select(s => s.UserId).Distinct().CountAsync());
        Assert.Single(await db.Set<Milestone>().Where(m => m.ProposalId == id).ToListAsync());
        Assert.Single(await db.Set<Obligation>().Where(o => o.ProposalId == id).ToListAsync());
        await check.ServiceProvider.GetRequiredService<DeadlineSweeper>().SweepAsync();
        Assert.Equal(n, (await db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == id)).SupportCount);
    }
}
