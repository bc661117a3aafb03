using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Privacy;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Debates;

/// <summary>Debates: positions (each person's latest counts once), arguments for and against, the closing summary.</summary>
public sealed class DebateService(MadangDbContext db, AuditLog audit, PiiScreener screener, LadderEngine ladder, Core.Search.ISearchIndex search,
    Following.Followers followers, TimeProvider clock)
{
    public const int ArgumentMax = 4000;

    /// <summary>Takes or changes a position; returns whether the person is new to the debate.</summary>
    public async Task<bool> TakePositionAsync(long debateId, Guid userId, Side side, CancellationToken ct = default)
    {
        var (debate, file) = await OpenDebateAsync(debateId, ct);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        ProposalService.RequireLevel(user, file.SupportLevel);
        var now = clock.GetUtcNow();
        var changed = await db.Set<DebatePosition>().Where(p => p.DebateId == debateId && p.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Side, side).SetProperty(p => p.At, now), ct);
        if (changed > 0)
        {
            return false;
        }

        db.Add(new DebatePosition { DebateId = debateId, UserId = userId, Side = side, At = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same person's second request arrived at once: the first one's row stands, this one updates it.
            db.ChangeTracker.Clear();
            await db.Set<DebatePosition>().Where(p => p.DebateId == debateId && p.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Side, side).SetProperty(p => p.At, now), ct);
            return false;
        }

        var count = await db.Set<DebatePosition>().CountAsync(p => p.DebateId == debateId, ct);
        await db.Set<Debate>().Where(d => d.Id == debateId).ExecuteUpdateAsync(s => s.SetProperty(d => d.ParticipantCount, count), ct);
        if (debate.ProposalId is { } proposalId)
        {
            var proposal = await db.Set<Proposal>().AsNoTracking().SingleAsync(p => p.Id == proposalId, ct);
            if (LadderEngine.NextStep(proposal, file) is { Participants: { } needed } && count >= needed)
            {
                await ladder.AdvanceAsync(proposalId, ct);
            }
        }

        return true;
    }

    public async Task<Argument> ArgueAsync(long debateId, Guid userId, Side side, string text, CancellationToken ct = default)
    {
        var (_, file) = await OpenDebateAsync(debateId, ct);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        ProposalService.RequireLevel(user, file.SupportLevel);
        text = (text ?? string.Empty).Trim();
        if (text.Length is 0 or > ArgumentMax || side == Side.Neutral)
        {
            throw new ParticipationException("participation.error.argument", ArgumentMax);
        }

        var now = clock.GetUtcNow();
        var since = now.AddHours(-1);
        if (await db.Set<Argument>().CountAsync(a => a.AuthorId == userId && a.At > since, ct) >= 20)
        {
            throw new ParticipationException("participation.error.ratelimit", 20);
        }

        var argument = new Argument { DebateId = debateId, AuthorId = userId, Side = side, Text = text, PublicText = screener.Screen(text).MaskedText, At = now };
        db.Add(argument);
        await db.SaveChangesAsync(ct);
        return argument;
    }

    /// <summary>Staff close a debate with its summary; the proposal it came from may then conclude.</summary>
    public async Task CloseAsync(long debateId, string summary, Actor staff, CancellationToken ct = default)
    {
        var debate = await db.Set<Debate>().SingleOrDefaultAsync(d => d.Id == debateId, ct) ?? throw new ParticipationException("participation.error.notfound");
        summary = (summary ?? string.Empty).Trim();
        if (summary.Length == 0)
        {
            throw new ParticipationException("participation.error.summary");
        }

        var now = clock.GetUtcNow();
        debate.Summary = summary;
        debate.ClosedAt ??= now < debate.ClosesAt ? now : debate.ClosesAt;
        audit.Record(staff, "participation.debate.closed", "participation.debate", debateId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await search.UpsertAsync(Consultations.DebateSearch.Build(debate), ct);
        followers.Tell("debate", debateId, "participation.notify.debate.subject", "participation.notify.debate.body", [debate.Title], "debates/" + debateId);
        if (debate.ProposalId is { } followedProposal)
        {
            followers.Tell("proposal", followedProposal, "participation.notify.debate.subject", "participation.notify.debate.body", [debate.Title], "debates/" + debateId);
        }

        await db.SaveChangesAsync(ct);
        if (debate.ProposalId is { } proposalId)
        {
            await ladder.AdvanceAsync(proposalId, ct);
        }
    }

    private async Task<(Debate Debate, ProcessFile File)> OpenDebateAsync(long debateId, CancellationToken ct)
    {
        var debate = await db.Set<Debate>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == debateId, ct)
            ?? throw new ParticipationException("participation.error.notfound");
        if (!debate.IsOpen(clock.GetUtcNow()))
        {
            throw new ParticipationException("participation.error.debateclosed");
        }

        var file = ProcessStore.Definition(await db.Set<Process>().AsNoTracking().SingleAsync(p => p.Id == debate.ProcessId, ct));
        return (debate, file);
    }
}
