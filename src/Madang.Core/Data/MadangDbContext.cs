using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Identity;
using Madang.Core.Jobs;
using Madang.Core.Modules;
using Madang.Core.Notifications;
using Madang.Core.Organisations;
using Madang.Core.Search;
using Madang.Core.Settings;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Madang.Core.Data;

/// <summary>The one database context: the kernel's tables plus every module's entity configurations.</summary>
/// <remarks>One context means content, its search rows, its audit entry and the jobs it causes commit together.</remarks>
public sealed class MadangDbContext(DbContextOptions<MadangDbContext> options, IEnumerable<IMadangModule> modules)
    : IdentityDbContext<MadangUser, MadangRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<SiteSettings> SiteSettings => Set<SiteSettings>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Identity.CensusEntry> CensusEntries => Set<Identity.CensusEntry>();
    public DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();

    public DbSet<SearchSuggestionEntry> SearchSuggestions => Set<SearchSuggestionEntry>();

    public DbSet<SearchReindexState> SearchReindexStates => Set<SearchReindexState>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (IsSqlite)
        {
            // SQLite has no DateTimeOffset: EF stores it as text it cannot compare or sort in SQL. All our
            // timestamps are UTC, so UTC ticks keep ordering, range filters and full precision.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        KernelModel.Configure(builder);
        foreach (var module in modules)
        {
            module.ConfigureModel(builder);
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
