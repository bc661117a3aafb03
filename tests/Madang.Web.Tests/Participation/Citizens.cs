using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Madang.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madang.Web.Tests.Participation;

/// <summary>Many verified residents at once (written straight to the table: hashing a password each would take minutes),
/// and the participation services on a fake clock.</summary>
internal static class Citizens
{
    public static async Task<List<Guid>> CreateAsync(MadangTestApp app, int count, bool phone = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            var email = $"resident{i}+{id:N}@test.local";
            db.Users.Add(new MadangUser
            {
                Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, PhoneNumber = phone ? "+8210" + (10000000 + i) : null, PhoneNumberConfirmed = phone,
                DisplayName = "주민 " + i, PreferredLanguage = "ko", SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                CreatedAt = DateTimeOffset.UtcNow,
            });
            ids.Add(id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>A process from a YAML text whose ORG placeholders name real organisations.</summary>
    public static async Task<string> ProcessAsync(MadangTestApp app, string yaml)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var p = await scope.ServiceProvider.GetRequiredService<ProcessStore>().SaveAsync(yaml, Madang.Core.Audit.Actor.System);
        return p.Slug;
    }
}

/// <summary>The participation services of one scope, all reading the same fake clock.</summary>
internal sealed class Clocked : IAsyncDisposable
{
    private readonly AsyncServiceScope scope;

    public Clocked(MadangTestApp app, FakeTimeProvider clock)
    {
        scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        Ladder = ActivatorUtilities.CreateInstance<LadderEngine>(sp, clock);
        Proposals = ActivatorUtilities.CreateInstance<ProposalService>(sp, Ladder, clock);
        Sweeper = ActivatorUtilities.CreateInstance<DeadlineSweeper>(sp, Ladder, clock);
        Debates = ActivatorUtilities.CreateInstance<Madang.Participation.Debates.DebateService>(sp, Ladder, clock);
        Db = sp.GetRequiredService<MadangDbContext>();
    }

    public LadderEngine Ladder { get; }

    public ProposalService Proposals { get; }

    public DeadlineSweeper Sweeper { get; }

    public Madang.Participation.Debates.DebateService Debates { get; }

    public MadangDbContext Db { get; }

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
