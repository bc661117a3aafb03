using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Participation.Domain;
using Madang.Participation.Following;
using Madang.Participation.Proposals;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Commitments;

/// <summary>What staff write to start tracking a commitment.</summary>
public sealed record CommitmentDraft(string Title, string Description, Guid OrganisationId, long? ProposalId = null, long? ConsultationId = null,
    decimal? Budget = null, DateOnly? StartsOn = null, DateOnly? DueOn = null);

/// <summary>Accountability: an adopted proposal or a consultation's result tracked to completion in public.</summary>
public sealed class CommitmentService(MadangDbContext db, AuditLog audit, Followers followers, TimeProvider clock)
{
    public async Task<Commitment> CreateAsync(CommitmentDraft d, Actor staff, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(d.Title) || d.Title.Length > 300)
        {
            throw new ParticipationException("participation.error.title", 300);
        }

        if (d.Budget is < 0 || (d.StartsOn is { } s && d.DueOn is { } e && e < s))
        {
            throw new ParticipationException("participation.error.commitment");
        }

        if (d.ProposalId is { } pid && !await db.Set<Proposal>().AnyAsync(p => p.Id == pid, ct))
        {
            throw new ParticipationException("participation.error.notfound");
        }

        var now = clock.GetUtcNow();
        var c = new Commitment
        {
            Title = d.Title.Trim(), Description = (d.Description ?? string.Empty).Trim(), OrganisationId = d.OrganisationId, ProposalId = d.ProposalId,
            ConsultationId = d.ConsultationId, Budget = d.Budget, StartsOn = d.StartsOn, DueOn = d.DueOn, Status = CommitmentStatus.Planned,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(c);
        await db.SaveChangesAsync(ct);
        audit.Record(staff, "participation.commitment.created", "participation.commitment", c.Id.ToString(CultureInfo.InvariantCulture));
        if (d.ProposalId is { } proposal)
        {
            // Those who followed the proposal follow what became of it.
            followers.Tell("proposal", proposal, "participation.notify.commitment.subject", "participation.notify.commitment.body", [c.Title], "commitments/" + c.Id);
            foreach (var f in await db.Set<Follow>().AsNoTracking().Where(f => f.TargetType == "proposal" && f.TargetId == proposal).Select(f => f.UserId).ToListAsync(ct))
            {
                db.Add(new Follow { UserId = f, TargetType = "commitment", TargetId = c.Id, At = now });
            }
        }

        await db.SaveChangesAsync(ct);
        return c;
    }

    public async Task<CommitmentMilestone> AddMilestoneAsync(long id, string title, DateOnly dueOn, Actor staff, CancellationToken ct = default)
    {
        await FindAsync(id, ct);
        if (string.IsNullOrWhiteSpace(title) || title.Length > 300)
        {
            throw new ParticipationException("participation.error.title", 300);
        }

        var m = new CommitmentMilestone { CommitmentId = id, Title = title.Trim(), DueOn = dueOn };
        db.Add(m);
        audit.Record(staff, "participation.commitment.milestone", "participation.commitment", id.ToString(CultureInfo.InvariantCulture), title);
        await db.SaveChangesAsync(ct);
        return m;
    }

    public async Task CompleteMilestoneAsync(long milestoneId, DateOnly doneOn, Actor staff, CancellationToken ct = default)
    {
        var m = await db.Set<CommitmentMilestone>().SingleOrDefaultAsync(x => x.Id == milestoneId, ct) ?? throw new ParticipationException("participation.error.notfound");
        m.DoneOn = doneOn;
        audit.Record(staff, "participation.commitment.milestone-done", "participation.commitment", m.CommitmentId.ToString(CultureInfo.InvariantCulture), m.Title);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Publishes a status update with its evidence; the commitment takes its progress and status; followers are told.</summary>
    public async Task<CommitmentUpdate> UpdateAsync(long id, string text, string? evidenceUrl, int progress, CommitmentStatus status, Actor staff, CancellationToken ct = default)
    {
        var c = await FindAsync(id, ct);
        text = (text ?? string.Empty).Trim();
        if (text.Length is 0 or > ProposalService.BodyMax || progress is < 0 or > 100)
        {
            throw new ParticipationException("participation.error.update");
        }

        if (evidenceUrl is { Length: > 0 } && (!Uri.TryCreate(evidenceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new ParticipationException("participation.error.evidence");
        }

        var now = clock.GetUtcNow();
        var u = new CommitmentUpdate
        {
            CommitmentId = id, AuthorId = staff.UserId ?? Guid.Empty, At = now, Text = text,
            EvidenceUrl = string.IsNullOrWhiteSpace(evidenceUrl) ? null : evidenceUrl.Trim(), Progress = progress, Status = status,
        };
        db.Add(u);
        c.Progress = progress;
        c.Status = status;
        c.UpdatedAt = now;
        audit.Record(staff, "participation.commitment.updated", "participation.commitment", id.ToString(CultureInfo.InvariantCulture), $"{status} {progress}%");
        followers.Tell("commitment", id, "participation.notify.update.subject", "participation.notify.update.body",
            [c.Title, progress.ToString(CultureInfo.InvariantCulture)], "commitments/" + id);
        await db.SaveChangesAsync(ct);
        return u;
    }

    private async Task<Commitment> FindAsync(long id, CancellationToken ct) =>
        await db.Set<Commitment>().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new ParticipationException("participation.error.notfound");
}
