using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Participation.Debates;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Debates;

/// <summary>A debate: positions counted once per person, arguments for and against side by side, the summary.</summary>
public sealed class DebateShowModel(MadangDbContext db, DebateService debates, TimeProvider clock) : MadangPage
{
    public Debate Debate { get; private set; } = null!;
    public ProcessFile Rules { get; private set; } = null!;
    public Dictionary<Side, int> Positions { get; private set; } = [];
    public Side? Mine { get; private set; }
    public List<(Argument Argument, string Author)> For { get; } = [];
    public List<(Argument Argument, string Author)> Against { get; } = [];
    public bool IsOpen { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var d = await db.Set<Debate>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (d is null)
        {
            return NotFound();
        }

        Debate = d;
        IsOpen = d.IsOpen(clock.GetUtcNow());
        Rules = ProcessStore.Definition(await db.Set<Process>().AsNoTracking().SingleAsync(p => p.Id == d.ProcessId, ct));
        Positions = (await db.Set<DebatePosition>().Where(p => p.DebateId == id).GroupBy(p => p.Side).Select(g => new { g.Key, C = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.C);
        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me))
        {
            Mine = await db.Set<DebatePosition>().Where(p => p.DebateId == id && p.UserId == me).Select(p => (Side?)p.Side).SingleOrDefaultAsync(ct);
        }

        var args = await (from a in db.Set<Argument>().AsNoTracking()
                          join u in db.Users on a.AuthorId equals u.Id
                          where a.DebateId == id && !a.Hidden
                          orderby a.At
                          select new { a, u.DisplayName }).ToListAsync(ct);
        foreach (var x in args)
        {
            (x.a.Side == Side.For ? For : Against).Add((x.a, x.DisplayName));
        }

        return Page();
    }

    public Task<IActionResult> OnPostPositionAsync(long id, Side side, CancellationToken ct) =>
        ActAsync(id, async me =>
        {
            await debates.TakePositionAsync(id, me, side, ct);
            Flash = L["participation.debate.position.saved"];
        });

    public Task<IActionResult> OnPostArgueAsync(long id, Side side, string? text, CancellationToken ct) =>
        ActAsync(id, async me =>
        {
            await debates.ArgueAsync(id, me, side, text ?? string.Empty, ct);
            Flash = L["participation.debate.argument.saved"];
        });

    private async Task<IActionResult> ActAsync(long id, Func<Guid, Task> action)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me))
        {
            return Challenge();
        }

        try
        {
            await action(me);
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("debates/" + id));
    }

    public int Count(Side s) => Positions.GetValueOrDefault(s);
}
