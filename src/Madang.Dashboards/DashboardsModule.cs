using Madang.Core;
using Madang.Core.Modules;
using Madang.Core.Permissions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Dashboards;

/// <summary>Dashboards: regions, their dashboards and cards drawn from the catalogue's datastore; static export; importers.</summary>
public sealed class DashboardsModule : IMadangModule
{
    /// <summary>Defining regions and dashboards, importing and exporting them.</summary>
    public static readonly Permission Manage = new("dashboards.manage", [Roles.Staff, Roles.DepartmentHead, Roles.Administrator]);

    public ModuleManifest Manifest { get; } = new()
    {
        Name = "dashboards",
        Dependencies = ["data"],
        Permissions = [Manage],
        Navigation = [new NavigationItem("nav.dashboards", "dashboards", 30)],
        AdminNavigation = [new AdminNavigationItem("dashboards.admin.title", "admin/dashboards", Manage.Name, 30)],
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Cards.DashboardCache>();
        services.AddScoped<Domain.RegionStore>();
        services.AddScoped<Cards.CardSources>();
        services.AddSingleton<Cards.CardViews>();
        services.AddScoped<Cards.DashboardReader>();
        services.AddScoped<Madang.Core.Links.IResourceResolver, Cards.CardLinks>();
        services.AddScoped<Import.ImportPublisher>();
    }

    public IEnumerable<System.CommandLine.Command> Commands(ICommandHost host) => [Cli.DashboardsCommands.Create(host)];

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Demo.DemoRegion.SeedAsync(services, ct);

    public void ConfigureModel(ModelBuilder modelBuilder) => Domain.DashboardsModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => Web.CardDownloads.Map(endpoints);
}
