using Madang.Core.Audit;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Dashboards.Demo;

/// <summary>The demo city's region, from the example region file embedded beside this class (madang.yaml).</summary>
public static class DemoRegion
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<RegionStore>();
        var file = Example();
        if (await store.FindAsync(file.Region.Slug, ct) is null)
        {
            await store.SaveAsync(file, new Actor(null, "demo"), ct);
        }
    }

    /// <summary>The example region file, as shipped.</summary>
    public static RegionFile Example()
    {
        using var stream = typeof(DemoRegion).Assembly.GetManifestResourceStream("Madang.Dashboards.Demo.madang.yaml")!;
        using var reader = new StreamReader(stream);
        return RegionFiles.Parse(reader.ReadToEnd());
    }
}
