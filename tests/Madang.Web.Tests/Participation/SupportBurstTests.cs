using Madang.Core.Data;
using Madang.Participation.Domain;
using Madang.Participation.Proposals;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Participation;

/// <summary>Supports arriving at once, each person twice (a double click): none lost, none doubled, the step taken once;
/// people without a confirmed phone among them are refused one by one, and do not take anyone else's support with them.</summary>
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
        var unverified = await Citizens.CreateAsync(app, 20, phone: false);
        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<ProposalService>().CreateAsync(slug, people[n], new ProposalDraft("Burst", "Many at once.", "welfare"))).Id;
        }

        using var start = new SemaphoreSlim(0);
        // At most as many at once as a node's connection pool would serve; the rest queue, as requests do.
        using var pool = new SemaphoreSlim(40);
        var added = 0;
        var refused = 0;
        var tasks = people.Take(n).Concat(unverified).SelectMany(u => new[] { u, u }).Select(u => Task.Run(async () =>
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
            catch (ParticipationException e) when (e.Key == "participation.error.verify.phone")
            {
                Interlocked.Increment(ref refused);
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
        Assert.Equal(unverified.Count * 2, refused);
        Assert.Equal(n, await db.Set<Support>().CountAsync(s => s.ProposalId == id));
        Assert.Equal(n, await db.Set<Support>().Where(s => s.ProposalId == id).Select(s => s.UserId).Distinct().CountAsync());
        Assert.Single(await db.Set<Milestone>().Where(m => m.ProposalId == id).ToListAsync());
        Assert.Single(await db.Set<Obligation>().Where(o => o.ProposalId == id).ToListAsync());
        await check.ServiceProvider.GetRequiredService<DeadlineSweeper>().SweepAsync();
        Assert.Equal(n, (await db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == id)).SupportCount);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASupportGivenInsideWorkThatIsRolledBackIsNotKept(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider));
        var dept = await People.OrganisationAsync(app);
        var slug = await Citizens.ProcessAsync(app, LadderTests.Ladder2017("rollback-" + provider.ToLowerInvariant(), dept.Code, dept.Code));
        var people = await Citizens.CreateAsync(app, 3);
        await using var scope = app.Services.CreateAsyncScope();
        var proposals = scope.ServiceProvider.GetRequiredService<ProposalService>();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var id = (await proposals.CreateAsync(slug, people[2], new ProposalDraft("Rollback", "Inside a transaction.", "welfare"))).Id;

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            Assert.True(await proposals.SupportAsync(id, people[0]));
            Assert.False(await proposals.SupportAsync(id, people[0]));
            await tx.RollbackAsync();
        }

        Assert.False(await db.Set<Support>().AnyAsync(s => s.ProposalId == id));
        Assert.True(await proposals.SupportAsync(id, people[0]));
        Assert.True(await proposals.SupportAsync(id, people[1]));
        Assert.Equal(2, await db.Set<Support>().CountAsync(s => s.ProposalId == id));
    }
}
