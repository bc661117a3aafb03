using Madang.Core.Data;
using Madang.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Web;

/// <summary>Caches the site settings; a node picks up another node's change within <see cref="Lifetime"/>.</summary>
public sealed class SiteSettingsProvider(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private SiteSettings? cached;
    private DateTimeOffset loadedAt;

    public SiteSettings Current
    {
        get
        {
            var c = cached;
            if (c is not null && clock.GetUtcNow() - loadedAt < Lifetime)
            {
                return c;
            }

            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
                c = db.SiteSettings.AsNoTracking().SingleOrDefault(s => s.Id == SiteSettings.SingletonId) ?? SiteSettings.Defaults();
            }
            catch (Exception)
            {
                // Keep serving (the last known settings, else the defaults) through a database failure:
                // error pages and health checks must still render and say what is wrong.
                return c ?? SiteSettings.Defaults();
            }

            cached = c;
            loadedAt = clock.GetUtcNow();
            return c;
        }
    }

    public void Invalidate() => cached = null;
}
