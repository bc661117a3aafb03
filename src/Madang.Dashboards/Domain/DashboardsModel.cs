using Microsoft.EntityFrameworkCore;

namespace Madang.Dashboards.Domain;

/// <summary>The Dashboards module's one table, prefixed <c>dashboards_</c>.</summary>
internal static class DashboardsModel
{
    public static void Configure(ModelBuilder b) => b.Entity<Region>(e =>
    {
        e.ToTable("dashboards_regions");
        e.Property(r => r.Slug).HasMaxLength(64);
        e.HasIndex(r => r.Slug).IsUnique();
        e.Property(r => r.ModifiedBy).HasMaxLength(200);
        e.Property(r => r.Revision).IsConcurrencyToken();
    });
}
