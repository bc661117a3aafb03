using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Identity;
using Madang.Core.Jobs;
using Madang.Core.Notifications;
using Madang.Core.Organisations;
using Madang.Core.Search;
using Madang.Core.Settings;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Data;

/// <summary>The kernel's tables, all prefixed <c>core_</c>.</summary>
internal static class KernelModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<MadangUser>(e =>
        {
            e.ToTable("core_users");
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.Handle).HasMaxLength(40);
            e.HasIndex(u => u.Handle).IsUnique();
            e.Property(u => u.PreferredLanguage).HasMaxLength(10);
        });
        b.Entity<MadangRole>().ToTable("core_roles");
        b.Entity<IdentityUserRole<Guid>>().ToTable("core_user_roles");
        b.Entity<IdentityUserClaim<Guid>>().ToTable("core_user_claims");
        b.Entity<IdentityUserLogin<Guid>>().ToTable("core_user_logins");
        b.Entity<IdentityUserToken<Guid>>().ToTable("core_user_tokens");
        b.Entity<IdentityRoleClaim<Guid>>().ToTable("core_role_claims");
        b.Entity<DataProtectionKey>().ToTable("core_data_protection_keys");

        b.Entity<Organisation>(e =>
        {
            e.ToTable("core_organisations");
            e.Property(o => o.Code).HasMaxLength(40);
            e.HasIndex(o => o.Code).IsUnique();
            e.HasIndex(o => o.ParentId);
            e.ComplexProperty(o => o.Name, n => LocalizedTextMapping.Map(n, "Name", 200));
            e.HasOne<Organisation>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Membership>(e =>
        {
            e.ToTable("core_memberships");
            e.HasKey(m => new { m.UserId, m.OrganisationId });
            e.HasOne<MadangUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("core_audit_entries");
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.ActorName).HasMaxLength(200);
            e.Property(a => a.TargetType).HasMaxLength(100);
            e.Property(a => a.TargetId).HasMaxLength(200);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.TargetType, a.TargetId });
        });

        b.Entity<Job>(e =>
        {
            e.ToTable("core_jobs");
            e.Property(j => j.Type).HasMaxLength(100);
            e.Property(j => j.LeaseToken).HasMaxLength(64).IsConcurrencyToken();
            e.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(j => new { j.State, j.RunAfter });
        });

        b.Entity<InboxMessage>(e =>
        {
            e.ToTable("core_inbox_messages");
            e.Property(m => m.Subject).HasMaxLength(300);
            e.HasIndex(m => new { m.UserId, m.At });
            e.HasOne<MadangUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<SiteSettings>(e =>
        {
            e.ToTable("core_site_settings");
            e.Property(s => s.Id).ValueGeneratedNever();
            e.ComplexProperty(s => s.SiteName, n => LocalizedTextMapping.Map(n, "SiteName", 200));
            e.Property(s => s.DefaultLanguage).HasMaxLength(10);
            e.Property(s => s.TimeZone).HasMaxLength(64);
        });

        b.Entity<ApiKey>(e =>
        {
            e.ToTable("core_api_keys");
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.HasIndex(k => k.Hash).IsUnique();
            e.HasOne<Organisation>().WithMany().HasForeignKey(k => k.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<SearchEntry>(e =>
        {
            e.ToTable("core_search_entries");
            e.Property(s => s.Type).HasMaxLength(64);
            e.Property(s => s.Key).HasMaxLength(200);
            e.Property(s => s.Url).HasMaxLength(500);
            e.Property(s => s.Language).HasMaxLength(10);
            e.HasIndex(s => new { s.Type, s.Key }).IsUnique();
            e.Property(s => s.Kind).HasMaxLength(64);
            e.Property(s => s.Identifier).HasMaxLength(200);
            e.Property(s => s.ContentHash).HasMaxLength(32);
            // Organisation then date: "everything of this department since March" is counted from the index alone.
            e.HasIndex(s => new { s.OrganisationId, s.Date });
            // Organisation then row id: a department's rows within a ranking window (the newest row ids) in one range.
            // Without it PostgreSQL ANDed the department's rows with a bitmap of the whole window, 300,000 to 640,000 ids
            // at a million entries: 30–90 ms of a department query's 50–125.
            e.HasIndex(s => new { s.OrganisationId, s.Id });
            e.HasIndex(s => s.Date);
            e.HasIndex(s => s.Identifier);
        });

        b.Entity<SearchSuggestionEntry>(e =>
        {
            e.ToTable("core_search_suggestions");
            e.Property(s => s.Normalized).HasMaxLength(200);
            e.Property(s => s.Text).HasMaxLength(200);
            e.HasIndex(s => s.Normalized);
            e.HasIndex(s => s.EntryId);
            e.HasOne(s => s.Entry).WithMany().HasForeignKey(s => s.EntryId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<CensusEntry>(e =>
        {
            e.ToTable("core_census");
            e.Property(c => c.Hash).HasMaxLength(64);
            e.HasIndex(c => c.Hash).IsUnique();
            e.HasIndex(c => c.ClaimedBy);
        });

        b.Entity<SearchReindexState>(e =>
        {
            e.ToTable("core_search_reindex");
            e.HasKey(s => s.Type);
            e.Property(s => s.Type).HasMaxLength(64);
        });
    }
}
