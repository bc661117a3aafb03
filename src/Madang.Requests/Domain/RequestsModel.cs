using Madang.Core.Identity;
using Madang.Core.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Domain;

/// <summary>The Requests module's tables (prefixed <c>requests_</c>).</summary>
public static class RequestsModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Request>(e =>
        {
            e.ToTable("requests_requests");
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(24);
            e.Property(r => r.Form).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Subject).HasMaxLength(300);
            e.Property(r => r.PublicSubject).HasMaxLength(300);
            e.Property(r => r.Purpose).HasMaxLength(2000);
            e.Property(r => r.AboutType).HasMaxLength(32);
            e.Property(r => r.AboutKey).HasMaxLength(200);
            e.Property(r => r.AboutTitle).HasMaxLength(500);
            e.Property(r => r.AboutPath).HasMaxLength(500);
            e.Property(r => r.Category).HasMaxLength(64);
            e.Property(r => r.Grounds).HasMaxLength(2000);
            e.Property(r => r.Language).HasMaxLength(10);
            e.Property(r => r.ServiceCode).HasMaxLength(64);
            e.Property(r => r.Address).HasMaxLength(500);
            e.Property(r => r.PublicAddress).HasMaxLength(500);
            e.Property(r => r.Token).HasMaxLength(64);
            e.Property(r => r.ContactName).HasMaxLength(200);
            e.Property(r => r.ContactEmail).HasMaxLength(254);
            e.Property(r => r.ContactPhone).HasMaxLength(40);
            e.Property(r => r.ClientMediaUrl).HasMaxLength(2000);
            e.Property(r => r.PublicStatusNote).HasMaxLength(2000);
            e.HasIndex(r => r.Token).IsUnique();
            e.HasIndex(r => new { r.Kind, r.ServiceCode, r.ReceivedAt });
            e.HasIndex(r => new { r.OrganisationId, r.State, r.DueAt });
            e.HasIndex(r => new { r.State, r.DueAt });
            e.HasIndex(r => new { r.AboutType, r.AboutKey });
            e.HasIndex(r => r.RequesterId);
            e.HasIndex(r => r.ObjectionTo);
            e.HasOne<MadangUser>().WithMany().HasForeignKey(r => r.RequesterId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Request>().WithMany().HasForeignKey(r => r.ObjectionTo).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<RequestEvent>(e =>
        {
            e.ToTable("requests_events");
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.Property(x => x.PublicNote).HasMaxLength(2000);
            e.HasIndex(x => new { x.RequestId, x.At });
            e.HasOne<Request>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<RequestPhoto>(e =>
        {
            e.ToTable("requests_photos");
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.Alt).HasMaxLength(300);
            e.Property(x => x.PublicAlt).HasMaxLength(300);
            e.HasIndex(x => new { x.RequestId, x.Position }).IsUnique();
            e.HasOne<Request>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<RequestAttachment>(e =>
        {
            e.ToTable("requests_attachments");
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.HasIndex(x => new { x.RequestId, x.Position }).IsUnique();
            e.HasOne<Request>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<RulesDocument>(e =>
        {
            e.ToTable("requests_rules");
            e.Property(x => x.Id).ValueGeneratedNever();
        });
    }
}
