using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Permissions;
using Madang.Core.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madang.Web.Infrastructure;

/// <summary>Brings a database up to date at start: migrations, default roles and settings, and the demo city when empty.</summary>
public sealed class DatabaseInitializer(MadangDbContext db, RoleManager<MadangRole> roles, DemoSeed demo, IOptions<MadangOptions> options,
    TimeProvider clock, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (options.Value.MigrateOnStart)
        {
            await MigrateAsync(ct);
        }

        await EnsureDefaultsAsync(ct);
        if (options.Value.SeedDemo && !await db.Organisations.AnyAsync(ct))
        {
            await demo.SeedAsync(printPasswords: true, ct);
        }
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s)", pending.Count);
            await db.Database.MigrateAsync(ct);
        }
    }

    public async Task EnsureDefaultsAsync(CancellationToken ct)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new MadangRole(role));
            }
        }

        if (!await db.SiteSettings.AnyAsync(ct))
        {
            var s = SiteSettings.Defaults();
            s.UpdatedAt = clock.GetUtcNow();
            db.SiteSettings.Add(s);
            await db.SaveChangesAsync(ct);
        }
    }
}
