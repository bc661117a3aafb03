using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Domain;

/// <summary>The Data module's tables, prefixed <c>data_</c>. Datastore tables (<c>data_ds_…</c>) are made at load time.</summary>
internal static class DataModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Dataset>(e =>
        {
            e.ToTable("data_datasets");
            e.Property(d => d.Name).HasMaxLength(100);
            e.HasIndex(d => d.Name).IsUnique();
            e.ComplexProperty(d => d.Title, n => LocalizedTextMapping.Map(n, "title", 500));
            e.ComplexProperty(d => d.Description, n => LocalizedTextMapping.Map(n, "description", 20000));
            e.Property(d => d.LicenseId).HasMaxLength(64);
            e.Property(d => d.Frequency).HasMaxLength(32);
            e.Property(d => d.Spatial).HasMaxLength(300);
            e.Property(d => d.ContactName).HasMaxLength(200);
            e.Property(d => d.ContactEmail).HasMaxLength(200);
            e.Property(d => d.Source).HasMaxLength(1000);
            e.Property(d => d.Version).HasMaxLength(100);
            e.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.HarvestRemoteId).HasMaxLength(200);
            e.Property(d => d.HarvestRemoteUrl).HasMaxLength(1000);
            e.HasIndex(d => new { d.State, d.ModifiedAt });
            e.HasIndex(d => d.OrganisationId);
            e.HasIndex(d => new { d.HarvestSourceId, d.HarvestRemoteId });
            e.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(d => d.Tags).WithOne().HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(d => d.Themes).WithOne().HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(d => d.Extras).WithOne().HasForeignKey(t => t.DatasetId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(d => d.Resources).WithOne().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DatasetTag>(e =>
        {
            e.ToTable("data_dataset_tags");
            e.HasKey(t => new { t.DatasetId, t.Name });
            e.Property(t => t.Name).HasMaxLength(100);
            // Tag facets and tag_show start from the tag.
            e.HasIndex(t => t.Name);
        });
        b.Entity<DatasetTheme>(e =>
        {
            e.ToTable("data_dataset_themes");
            e.HasKey(t => new { t.DatasetId, t.Code });
            e.Property(t => t.Code).HasMaxLength(16);
            e.HasIndex(t => t.Code);
        });
        b.Entity<DatasetExtra>(e =>
        {
            e.ToTable("data_dataset_extras");
            e.HasKey(t => new { t.DatasetId, t.Key });
            e.Property(t => t.Key).HasMaxLength(100);
            e.Property(t => t.Value).HasMaxLength(2000);
        });
        b.Entity<DataResource>(e =>
        {
            e.ToTable("data_resources");
            e.ComplexProperty(r => r.Name, n => LocalizedTextMapping.Map(n, "name", 300));
            e.ComplexProperty(r => r.Description, n => LocalizedTextMapping.Map(n, "description", 4000));
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(8);
            e.Property(r => r.LinkUrl).HasMaxLength(1000);
            e.Property(r => r.Format).HasMaxLength(32);
            e.Property(r => r.DatastoreState).HasConversion<string>().HasMaxLength(8);
            e.Property(r => r.DatastoreTable).HasMaxLength(64);
            e.Property(r => r.DatastoreError).HasMaxLength(2000);
            e.HasIndex(r => new { r.DatasetId, r.Position });
            e.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ResourceVersion>(e =>
        {
            e.ToTable("data_resource_versions");
            e.Property(v => v.Sha256).HasMaxLength(64);
            e.Property(v => v.FileName).HasMaxLength(300);
            e.Property(v => v.MediaType).HasMaxLength(100);
            e.Property(v => v.Changelog).HasMaxLength(1000);
            e.Property(v => v.Status).HasConversion<string>().HasMaxLength(8);
            e.HasIndex(v => new { v.ResourceId, v.Number }).IsUnique();
        });
        b.Entity<HarvestSource>(e =>
        {
            e.ToTable("data_harvest_sources");
            e.Property(s => s.Url).HasMaxLength(1000);
            e.Property(s => s.Title).HasMaxLength(300);
            e.Property(s => s.OrganisationMapJson).HasMaxLength(4000);
            e.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<HarvestRun>(e =>
        {
            e.ToTable("data_harvest_runs");
            e.HasIndex(r => new { r.SourceId, r.StartedAt });
            e.HasOne<HarvestSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
