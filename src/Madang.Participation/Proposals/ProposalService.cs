using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Notifications;
using Madang.Core.Privacy;
using Madang.Core.Search;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Madang.Participation.Proposals;

/// <summary>What a citizen writes in a new proposal.</summary>
public sealed record ProposalDraft(string Title, string Body, string? Category = null, string? District = null,
    double? Latitude = null, double? Longitude = null, string Language = "ko", IReadOnlyList<DraftImage>? Images = null);

/// <summary>Proposals from writing to moderation, withdrawal, supports, assignment and answers.</summary>
public sealed class ProposalService(MadangDbContext db, AuditLog audit, ISearchIndex search, PiiScreener screener,
    Notifier notifier, LadderEngine ladder, SupportableProposals supportable, SupportWriter writer, Following.Followers followers, TimeProvider clock)
{
    public const int TitleMax = 200;
    public const int BodyMax = 20_000;

    /// <summary>Writes a proposal: published at once, or held for a moderator, as its process says.</summary>
    /// <exception cref="ParticipationException">Not verified enough, over the day's limit, or the text breaks a rule.</exception>
    public async Task<Proposal> CreateAsync(string processSlug, Guid authorId, ProposalDraft draft, CancellationToken ct = default)
    {
        var process = await db.Set<Process>().AsNoTracking().SingleOrDefaultAsync(p => p.Slug == processSlug, ct)
            ?? throw new ParticipationException("participation.error.noprocess");
        if (!process.IsOpen)
        {
            throw new ParticipationException("participation.error.processclosed");
        }

        var file = ProcessStore.Definition(process);
        var author = await db.Users.AsNoTracking().SingleAsync(u => u.Id == authorId, ct);
        RequireLevel(author, file.ProposeLevel);
        var title = (draft.Title ?? string.Empty).Trim();
        var body = (draft.Body ?? string.Empty).Trim();
        if (title.Length is 0 or > TitleMax)
        {
            throw new ParticipationException("participation.error.title", TitleMax);
        }

        if (body.Length is 0 or > BodyMax)
        {
            throw new ParticipationException("participation.error.body", BodyMax);
        }

        if (draft.Category is { } cat && file.Categories.All(c => c.Code != cat))
        {
            throw new ParticipationException("participation.error.category");
        }

        if (draft.District is { } d && file.Districts.All(c => c.Code != d))
        {
            throw new ParticipationException("participation.error.district");
        }

        if (draft.Latitude is < -90 or > 90 || draft.Longitude is < -180 or > 180 || (draft.Latitude is null) != (draft.Longitude is null))
        {
            throw new ParticipationException("participation.error.location");
        }

        var images = draft.Images ?? [];
        if (images.Count > file.Images)
        {
            throw new ParticipationException("participation.error.image.count", file.Images);
        }

        if (images.Any(i => string.IsNullOrWhiteSpace(i.Alt) || i.Alt.Trim().Length > ProposalImages.AltMax))
        {
            throw new ParticipationException("participation.error.image.alt", ProposalImages.AltMax);
        }

        var now = clock.GetUtcNow();
        var since = now.AddDays(-1);
        if (await db.Set<Proposal>().CountAsync(p => p.AuthorId == authorId && p.CreatedAt > since, ct) >= file.ProposalsPerDay)
        {
            throw new ParticipationException("participation.error.ratelimit", file.ProposalsPerDay);
        }

        var departmentCode = file.Categories.FirstOrDefault(c => c.Code == draft.Category)?.Department;
        Guid? department = departmentCode is null ? null
            : await db.Organisations.Where(o => o.Code == departmentCode).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct);
        var proposal = new Proposal
        {
            ProcessId = process.Id,
            AuthorId = authorId,
            Title = title,
            Body = body,
            PublicTitle = screener.Screen(title).MaskedText,
            PublicBody = screener.Screen(body).MaskedText,
            Category = draft.Category,
            District = draft.District,
            Latitude = draft.Latitude,
            Longitude = draft.Longitude,
            Language = draft.Language,
            DepartmentId = department,
            Status = file.ModerateBefore ? ProposalStatus.Pending : ProposalStatus.Open,
            CreatedAt = now,
            PublishedAt = file.ModerateBefore ? null : now,
        };
        // The proposal's key is needed for its images and follow; one transaction keeps the proposal and them together.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Add(proposal);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < images.Count; i++)
        {
            var (image, alt) = (images[i].Image, images[i].Alt.Trim());
            db.Add(new ProposalImage
            {
                ProposalId = proposal.Id, Position = i + 1, Sha256 = image.Sha256, Length = image.Length, Width = image.Width,
                Height = image.Height, Alt = alt, PublicAlt = screener.Screen(alt).MaskedText,
            });
        }

        db.Add(new Follow { UserId = authorId, TargetType = "proposal", TargetId = proposal.Id, At = now });
        audit.Record(new Actor(authorId, author.DisplayName), "participation.proposal.created", "participation.proposal", proposal.Id.ToString());
        await ProposalSearch.SyncAsync(search, db, proposal, ct);
        if (proposal.Status == ProposalStatus.Open)
        {
            await TellPublishedAsync(proposal, file, ct);
        }

        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return proposal;
    }

    /// <summary>A moderator publishes a held proposal or refuses it with a note the author reads.</summary>
    public async Task ModerateAsync(long id, bool publish, string? note, Actor moderator, CancellationToken ct = default)
    {
        var p = await db.Set<Proposal>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new ParticipationException("participation.error.notfound");
        if (p.Status is not (ProposalStatus.Pending or ProposalStatus.Hidden))
        {
            throw new ParticipationException("participation.error.notmoderatable");
        }

        var now = clock.GetUtcNow();
        p.ModerationNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var wasPending = p.Status == ProposalStatus.Pending;
        p.Status = publish ? ProposalStatus.Open : ProposalStatus.Rejected;
        p.PublishedAt ??= publish ? now : null;
        p.ClosedAt = publish ? null : now;
        p.OpenReports = 0;
        await db.Set<Report>().Where(r => r.TargetType == "proposal" && r.TargetId == id && r.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, now), ct);
        audit.Record(moderator, publish ? "participation.proposal.published" : "participation.proposal.rejected", "participation.proposal", id.ToString());
        await ProposalSearch.SyncAsync(search, db, p, ct);
        if (publish && wasPending)
        {
            var process = await db.Set<Process>().AsNoTracking().SingleAsync(x => x.Id == p.ProcessId, ct);
            await TellPublishedAsync(p, ProcessStore.Definition(process), ct);
        }
        else if (!publish)
        {
            await notifier.NotifyAsync(p.AuthorId, new Notification("participation.notify.rejected.subject", "participation.notify.rejected.body",
                [p.Title, p.ModerationNote ?? string.Empty], "proposals/" + p.Id), ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The author takes the proposal down while it gathers supports; what it already obliged stays.</summary>
    public async Task WithdrawAsync(long id, Guid authorId, CancellationToken ct = default)
    {
        var p = await db.Set<Proposal>().SingleOrDefaultAsync(x => x.Id == id && x.AuthorId == authorId, ct)
            ?? throw new ParticipationException("participation.error.notfound");
        if (p.Status is not (ProposalStatus.Open or ProposalStatus.Pending) || p.Stage > 0)
        {
            throw new ParticipationException("participation.error.notwithdrawable");
        }

        p.Status = ProposalStatus.Withdrawn;
        p.ClosedAt = clock.GetUtcNow();
        audit.Record(new Actor(authorId, "author"), "participation.proposal.withdrawn", "participation.proposal", id.ToString());
        await ProposalSearch.SyncAsync(search, db, p, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds one person's support. A second from the same person changes nothing and says so.</summary>
    /// <returns>True when the support was added, false when the person had already supported.</returns>
    /// <exception cref="ParticipationException">Not open for supports, or the person is not verified enough.</exception>
    public async Task<bool> SupportAsync(long id, Guid userId, CancellationToken ct = default)
    {
        var (proposal, file) = await SupportableAsync(id, ct);

        // One statement does the work of a support: it checks that the proposal is still open and the person verified
        // enough, and the key refuses a second support from the same person without an error. Supports arriving together
        // share a statement (SupportWriter); only a refusal asks more, to say why. A caller inside its own transaction
        // writes there, so the support commits or rolls back with the rest of its work.
        var row = new SupportRow(id, userId, clock.GetUtcNow(), file.SupportLevel);
        var inserted = db.Database.CurrentTransaction is null
            ? await writer.AddAsync(row, ct)
            : (await SupportWriter.InsertAsync(db, [row], ct)).Count > 0;
        if (!inserted)
        {
            await ExplainRefusalAsync(id, userId, file, ct);
            return false;
        }

        // Counted after the commit: of supports arriving together, the last to commit sees them all, so the step that
        // the count crosses is always taken (the engine takes it once, under a lock); the sweep is the safety net.
        // The count stops at the threshold, so a proposal with 100,000 supports costs no more to support than one with 50.
        if (LadderEngine.NextStep(proposal, file) is { Supports: { } threshold }
            && await db.Set<Support>().Where(s => s.ProposalId == id).OrderBy(s => s.UserId).Take(threshold).CountAsync(ct) >= threshold)
        {
            await ladder.AdvanceAsync(id, ct);
            supportable.Forget(id);
        }

        return true;
    }

    private async Task<(Proposal Proposal, ProcessFile File)> SupportableAsync(long id, CancellationToken ct)
    {
        var (proposal, file) = await supportable.GetAsync(db, id, fresh: false, ct);
        var now = clock.GetUtcNow();
        if (!LadderEngine.TakesSupports(proposal, file, now))
        {
            // What is remembered may be a step behind: ask again before refusing.
            (proposal, file) = await supportable.GetAsync(db, id, fresh: true, ct);
            if (!LadderEngine.TakesSupports(proposal, file, now))
            {
                throw new ParticipationException("participation.error.supportsclosed");
            }
        }

        return (proposal, file);
    }

    /// <summary>Why a support was not added: already given (false is the answer), or a refusal to explain.</summary>
    private async Task ExplainRefusalAsync(long id, Guid userId, ProcessFile file, CancellationToken ct)
    {
        if (await db.Set<Support>().AsNoTracking().AnyAsync(s => s.ProposalId == id && s.UserId == userId, ct))
        {
            return;
        }

        supportable.Forget(id);
        var status = await db.Set<Proposal>().Where(p => p.Id == id).Select(p => (ProposalStatus?)p.Status).SingleOrDefaultAsync(ct);
        if (status != ProposalStatus.Open)
        {
            throw new ParticipationException(status is null ? "participation.error.notfound" : "participation.error.supportsclosed");
        }

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        RequireLevel(user, file.SupportLevel);
        throw new ParticipationException("participation.error.supportsclosed");
    }

    /// <summary>Withdraws one's support while the proposal gathers them; steps already reached stay reached.</summary>
    public async Task<bool> UnsupportAsync(long id, Guid userId, CancellationToken ct = default)
    {
        await SupportableAsync(id, ct);
        return await db.Set<Support>().Where(s => s.ProposalId == id && s.UserId == userId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>An administrator assigns or reassigns the answering department; open obligations follow it.</summary>
    public async Task AssignAsync(long id, Guid organisationId, Actor admin, CancellationToken ct = default)
    {
        var p = await db.Set<Proposal>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new ParticipationException("participation.error.notfound");
        var org = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisationId, ct)
            ?? throw new ParticipationException("participation.error.noorganisation");
        var previous = p.DepartmentId;
        p.DepartmentId = organisationId;
        var open = await db.Set<Obligation>().Where(o => o.ProposalId == id && o.Kind == ObligationKind.Department && o.AnsweredAt == null).ToListAsync(ct);
        foreach (var o in open)
        {
            o.OrganisationId = organisationId;
            // The new department hears of it now, and is reminded again before the due date.
            o.ReminderSentAt = null;
        }

        audit.Record(admin, "participation.proposal.assigned", "participation.proposal", id.ToString(), $"{previous} -> {org.Code}");
        await ProposalSearch.SyncAsync(search, db, p, ct);
        foreach (var o in open)
        {
            await ladder.TellObligationAsync(p, o, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Staff of the owing organisation answer; the earliest open obligation it owes is met by it.</summary>
    public async Task<Answer> AnswerAsync(long id, Guid organisationId, AnswerStatus status, string text, Actor author, CancellationToken ct = default)
    {
        var p = await db.Set<Proposal>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new ParticipationException("participation.error.notfound");
        text = (text ?? string.Empty).Trim();
        if (text.Length is 0 or > BodyMax)
        {
            throw new ParticipationException("participation.error.answertext", BodyMax);
        }

        var now = clock.GetUtcNow();
        var answer = new Answer { ProposalId = id, OrganisationId = organisationId, AuthorId = author.UserId ?? Guid.Empty, Status = status, Text = text, At = now };
        db.Add(answer);
        await db.SaveChangesAsync(ct);
        var owed = await db.Set<Obligation>().Where(o => o.ProposalId == id && o.OrganisationId == organisationId && o.AnsweredAt == null)
            .OrderBy(o => o.Step).FirstOrDefaultAsync(ct);
        if (owed is not null)
        {
            owed.AnsweredAt = now;
            owed.AnswerId = answer.Id;
        }

        audit.Record(author, "participation.proposal.answered", "participation.proposal", id.ToString(), status.ToString());
        await notifier.NotifyAsync(p.AuthorId, new Notification("participation.notify.answered.subject", "participation.notify.answered.body",
            [p.Title], "proposals/" + p.Id) { Sms = true }, ct);
        followers.Tell("proposal", p.Id, "participation.notify.answered.subject", "participation.notify.followed.answered", [p.PublicTitle], "proposals/" + p.Id, except: p.AuthorId);
        await db.SaveChangesAsync(ct);
        await ladder.ConcludeIfDoneAsync(id, ct);
        return answer;
    }

    /// <summary>Reports a public proposal; enough open reports hide it until a moderator decides.</summary>
    public async Task<bool> ReportAsync(long id, Guid reporterId, string reason, CancellationToken ct = default)
    {
        var p = await db.Set<Proposal>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new ParticipationException("participation.error.notfound");
        if (!ProposalSearch.IsPublic(p.Status))
        {
            throw new ParticipationException("participation.error.notfound");
        }

        reason = reason is "spam" or "offensive" or "personal-data" ? reason : "other";
        db.Add(new Report { TargetType = "proposal", TargetId = id, ReporterId = reporterId, Reason = reason, At = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        var process = await db.Set<Process>().AsNoTracking().SingleAsync(x => x.Id == p.ProcessId, ct);
        var limit = ProcessStore.Definition(process).HideAfterReports;
        p.OpenReports = await db.Set<Report>().CountAsync(r => r.TargetType == "proposal" && r.TargetId == id && r.ResolvedAt == null, ct);
        if (p.OpenReports >= limit && p.Status == ProposalStatus.Open)
        {
            p.Status = ProposalStatus.Hidden;
            audit.Record(Actor.System, "participation.proposal.hidden", "participation.proposal", id.ToString(), $"{p.OpenReports} reports");
            await ProposalSearch.SyncAsync(search, db, p, ct);
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    internal static void RequireLevel(MadangUser user, VerificationLevel needed)
    {
        if (VerificationService.LevelOf(user) < needed)
        {
            throw new ParticipationException("participation.error.verify." + needed.ToString().ToLowerInvariant());
        }
    }

    private async Task TellPublishedAsync(Proposal p, ProcessFile file, CancellationToken ct)
    {
        var first = file.Ladder[0];
        await notifier.NotifyAsync(p.AuthorId, new Notification("participation.notify.published.subject", "participation.notify.published.body",
            [p.Title, first.Threshold, first.Within ?? 0], "proposals/" + p.Id), ct);
    }
}
