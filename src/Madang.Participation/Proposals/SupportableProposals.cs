using Madang.Core.Data;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Madang.Participation.Proposals;

/// <summary>
/// A node's short memory of the proposals being supported (stage, window, rules), so that a burst of supports does not
/// read the same proposal thousands of times a second. Whether it is still open is checked by the support's own
/// statement; what is kept here only decides the window and whether to count, and is forgotten when a step is taken.
/// </summary>
public sealed class SupportableProposals : IDisposable
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(2);
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>The proposal and its rules, as read at most two seconds ago (or now, when <paramref name="fresh"/>).</summary>
    public async Task<(Proposal Proposal, ProcessFile File)> GetAsync(MadangDbContext db, long id, bool fresh, CancellationToken ct)
    {
        if (!fresh && cache.TryGetValue(id, out (Proposal, ProcessFile) hit))
        {
            return hit;
        }

        var found = await (from p in db.Set<Proposal>().AsNoTracking()
                           join pr in db.Set<Process>().AsNoTracking() on p.ProcessId equals pr.Id
                           where p.Id == id
                           select new { Proposal = p, Process = pr }).SingleOrDefaultAsync(ct)
            ?? throw new ParticipationException("participation.error.notfound");
        var entry = (found.Proposal, ProcessStore.Definition(found.Process));
        cache.Set(id, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Keep });
        return entry;
    }

    public void Forget(long id) => cache.Remove(id);

    public void Dispose() => cache.Dispose();
}
