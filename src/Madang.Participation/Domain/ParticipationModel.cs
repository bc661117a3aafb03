using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Domain;

/// <summary>The Participation module's tables, all prefixed <c>participation_</c>.</summary>
internal static class ParticipationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Process>(e =>
        {
            e.ToTable("participation_processes");
            e.Property(p => p.Slug).HasMaxLength(64);
            e.HasIndex(p => p.Slug).IsUnique();
            e.ComplexProperty(p => p.Title, n => LocalizedTextMapping.Map(n, "Title", 300));
            e.Property(p => p.Revision).IsConcurrencyToken();
        });

        b.Entity<Proposal>(e =>
        {
            e.ToTable("participation_proposals");
            e.Property(p => p.Title).HasMaxLength(300);
            e.Property(p => p.PublicTitle).HasMaxLength(300);
            e.Property(p => p.Category).HasMaxLength(64);
            e.Property(p => p.District).HasMaxLength(64);
            e.Property(p => p.Language).HasMaxLength(10);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.ModerationNote).HasMaxLength(1000);
            e.HasIndex(p => new { p.ProcessId, p.Status, p.PublishedAt });
            e.HasIndex(p => new { p.Status, p.SupportCount });
            e.HasIndex(p => p.AuthorId);
            e.HasIndex(p => p.DepartmentId);
            e.HasOne<Process>().WithMany().HasForeignKey(p => p.ProcessId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ProposalImage>(e =>
        {
            e.ToTable("participation_proposal_images");
            e.Property(i => i.Sha256).HasMaxLength(64);
            e.Property(i => i.Alt).HasMaxLength(300);
            e.Property(i => i.PublicAlt).HasMaxLength(300);
            e.HasIndex(i => new { i.ProposalId, i.Position }).IsUnique();
            e.HasOne<Proposal>().WithMany().HasForeignKey(i => i.ProposalId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Support>(e =>
        {
            e.ToTable("participation_supports");
            // The key is the rule: one support per person per proposal, whatever arrives at once.
            e.HasKey(s => new { s.ProposalId, s.UserId });
            e.HasIndex(s => s.UserId);
            e.HasOne<Proposal>().WithMany().HasForeignKey(s => s.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Milestone>(e =>
        {
            e.ToTable("participation_milestones");
            e.HasIndex(m => new { m.ProposalId, m.Step }).IsUnique();
            e.HasOne<Proposal>().WithMany().HasForeignKey(m => m.ProposalId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Obligation>(e =>
        {
            e.ToTable("participation_obligations");
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(o => new { o.ProposalId, o.Step }).IsUnique();
            e.HasIndex(o => new { o.AnsweredAt, o.DueAt });
            e.HasIndex(o => o.OrganisationId);
            e.HasOne<Proposal>().WithMany().HasForeignKey(o => o.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organisation>().WithMany().HasForeignKey(o => o.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Answer>(e =>
        {
            e.ToTable("participation_answers");
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(a => a.ProposalId);
            e.HasOne<Proposal>().WithMany().HasForeignKey(a => a.ProposalId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Panel>(e =>
        {
            e.ToTable("participation_panels");
            e.Property(p => p.Title).HasMaxLength(300);
            e.Property(p => p.Seed).HasMaxLength(200);
            e.HasOne<Process>().WithMany().HasForeignKey(p => p.ProcessId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<PanelVolunteer>(e =>
        {
            e.ToTable("participation_panel_volunteers");
            e.Property(v => v.District).HasMaxLength(64);
            e.Property(v => v.AgeBand).HasMaxLength(16);
            e.Property(v => v.Gender).HasMaxLength(16);
            e.HasIndex(v => new { v.PanelId, v.UserId }).IsUnique();
            e.HasIndex(v => new { v.PanelId, v.Number }).IsUnique();
            e.HasOne<Panel>().WithMany().HasForeignKey(v => v.PanelId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Debate>(e =>
        {
            e.ToTable("participation_debates");
            e.Property(d => d.Title).HasMaxLength(300);
            e.HasIndex(d => d.ProposalId);
            e.HasIndex(d => d.ClosesAt);
            e.HasOne<Process>().WithMany().HasForeignKey(d => d.ProcessId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Proposal>().WithMany().HasForeignKey(d => d.ProposalId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Consultation>().WithMany().HasForeignKey(d => d.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<DebatePosition>(e =>
        {
            e.ToTable("participation_debate_positions");
            e.HasKey(p => new { p.DebateId, p.UserId });
            e.Property(p => p.Side).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Debate>().WithMany().HasForeignKey(p => p.DebateId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Argument>(e =>
        {
            e.ToTable("participation_arguments");
            e.Property(a => a.Side).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(a => new { a.DebateId, a.At });
            e.HasOne<Debate>().WithMany().HasForeignKey(a => a.DebateId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Report>(e =>
        {
            e.ToTable("participation_reports");
            e.Property(r => r.TargetType).HasMaxLength(16);
            e.Property(r => r.Reason).HasMaxLength(32);
            e.HasIndex(r => new { r.TargetType, r.TargetId, r.ReporterId }).IsUnique();
            e.HasIndex(r => r.ResolvedAt);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Consultation>(e =>
        {
            e.ToTable("participation_consultations");
            e.Property(c => c.Title).HasMaxLength(300);
            e.Property(c => c.Language).HasMaxLength(10);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Mode).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(c => c.ClosesAt);
            e.HasOne<Process>().WithMany().HasForeignKey(c => c.ProcessId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<ConsultationResponse>(e =>
        {
            e.ToTable("participation_consultation_responses");
            e.HasKey(r => new { r.ConsultationId, r.UserId });
            e.Property(r => r.Choices).HasMaxLength(200);
            e.Property(r => r.District).HasMaxLength(64);
            e.Property(r => r.AgeBand).HasMaxLength(16);
            e.HasOne<Consultation>().WithMany().HasForeignKey(r => r.ConsultationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Commitment>(e =>
        {
            e.ToTable("participation_commitments");
            e.Property(c => c.Title).HasMaxLength(300);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Budget).HasPrecision(18, 2);
            e.HasIndex(c => new { c.Status, c.UpdatedAt });
            e.HasIndex(c => c.ProposalId);
            e.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Proposal>().WithMany().HasForeignKey(c => c.ProposalId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Consultation>().WithMany().HasForeignKey(c => c.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<CommitmentMilestone>(e =>
        {
            e.ToTable("participation_commitment_milestones");
            e.Property(m => m.Title).HasMaxLength(300);
            e.HasIndex(m => new { m.CommitmentId, m.DueOn });
            e.HasOne<Commitment>().WithMany().HasForeignKey(m => m.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<CommitmentUpdate>(e =>
        {
            e.ToTable("participation_commitment_updates");
            e.Property(u => u.EvidenceUrl).HasMaxLength(1000);
            e.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(u => new { u.CommitmentId, u.At });
            e.HasOne<Commitment>().WithMany().HasForeignKey(u => u.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Follow>(e =>
        {
            e.ToTable("participation_follows");
            e.HasKey(f => new { f.UserId, f.TargetType, f.TargetId });
            e.Property(f => f.TargetType).HasMaxLength(16);
            e.HasIndex(f => new { f.TargetType, f.TargetId });
            e.HasOne<MadangUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Comment>(e =>
        {
            e.ToTable("participation_comments");
            e.Property(c => c.TargetType).HasMaxLength(16);
            e.HasIndex(c => new { c.TargetType, c.TargetId, c.At });
            e.HasIndex(c => new { c.AuthorId, c.At });
            e.HasOne<MadangUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<CommentVote>(e =>
        {
            e.ToTable("participation_comment_votes");
            e.HasKey(v => new { v.CommentId, v.UserId });
            e.HasOne<Comment>().WithMany().HasForeignKey(v => v.CommentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
