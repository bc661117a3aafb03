using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Domain;

/// <summary>The Release module's tables, prefixed <c>release_</c>.</summary>
internal static class ReleaseModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ReleaseDocument>(e =>
        {
            e.ToTable("release_documents");
            e.Property(d => d.SourceSystem).HasMaxLength(100);
            e.Property(d => d.SourceId).HasMaxLength(200);
            e.HasIndex(d => new { d.SourceSystem, d.SourceId }).IsUnique();
            e.Property(d => d.Title).HasMaxLength(500);
            e.Property(d => d.MaskedTitle).HasMaxLength(500);
            e.Property(d => d.DocumentNumber).HasMaxLength(100);
            e.Property(d => d.Author).HasMaxLength(100);
            e.Property(d => d.Approver).HasMaxLength(100);
            e.Property(d => d.Exemptions).HasMaxLength(50);
            e.Property(d => d.Keywords).HasMaxLength(1000);
            e.Property(d => d.Language).HasMaxLength(10);
            e.Property(d => d.StateReason).HasMaxLength(1000);
            e.Property(d => d.WithdrawalReason).HasMaxLength(1000);
            e.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.ApprovalLevel).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Type).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Disclosure).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(d => new { d.State, d.PublishedAt });
            e.HasIndex(d => d.OrganisationId);
            e.HasIndex(d => new { d.State, d.Sensitivity, d.ReceivedAt });
            e.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(d => d.Files).WithOne().HasForeignKey(f => f.DocumentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(d => d.Findings).WithOne().HasForeignKey(f => f.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReleaseFile>(e =>
        {
            e.ToTable("release_files");
            e.Property(f => f.FileName).HasMaxLength(300);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.Property(f => f.PublicName).HasMaxLength(300);
        });
        b.Entity<ReleaseDocumentKeyword>(e =>
        {
            e.ToTable("release_document_keywords");
            e.HasKey(k => new { k.DocumentId, k.Key });
            e.Property(k => k.Key).HasMaxLength(100);
            e.Property(k => k.Text).HasMaxLength(100);
            // Related documents and keyword pages start from a keyword, never by scanning documents.
            e.HasIndex(k => k.Key);
            e.HasOne<ReleaseDocument>().WithMany().HasForeignKey(k => k.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReleaseFinding>(e =>
        {
            e.ToTable("release_findings");
            e.Property(f => f.Type).HasConversion<string>().HasMaxLength(32);
            e.Property(f => f.Decision).HasConversion<string>().HasMaxLength(24);
            e.Property(f => f.Field).HasMaxLength(16);
            e.Property(f => f.Reason).HasMaxLength(300);
            e.Property(f => f.Mask).HasMaxLength(100);
        });
        b.Entity<ReleasePolicyVersion>(e =>
        {
            e.ToTable("release_policy_versions");
            e.HasKey(v => v.Version);
            e.Property(v => v.Version).ValueGeneratedNever();
            e.Property(v => v.Note).HasMaxLength(1000);
        });
        b.Entity<ReleaseReviewProposal>(e =>
        {
            e.ToTable("release_review_proposals");
            e.HasKey(p => p.DocumentId);
            e.Property(p => p.Rejected).HasMaxLength(4000);
            e.Property(p => p.ExtraMasks).HasMaxLength(4000);
            e.HasOne<ReleaseDocument>().WithOne().HasForeignKey<ReleaseReviewProposal>(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ReleaseControl>(e =>
        {
            e.ToTable("release_control");
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.HoldReason).HasMaxLength(1000);
            e.HasData(new ReleaseControl { Id = ReleaseControl.SingletonId });
        });
    }
}
