using Madang.Core;
using Madang.Core.Modules;
using Madang.Core.Permissions;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Data;

/// <summary>The open data catalogue: datasets, resources and their versions, schemas, the datastore, CKAN API and DCAT.</summary>
public sealed class DataModule : IMadangModule
{
    /// <summary>Publishing is department-scoped: staff publish for their departments and those under them.</summary>
    public static readonly Permission Publish = new("data.publish", [Roles.Staff, Roles.DepartmentHead, Roles.Administrator], DepartmentScoped: true);
    public static readonly Permission Harvest = new("data.harvest", [Roles.Administrator]);

    public ModuleManifest Manifest { get; } = new()
    {
        Name = "data",
        Permissions = [Publish, Harvest],
        JobTypes = [],
        SearchableTypes = [new SearchableType(CatalogService.SearchType, "search.type.data.dataset")],
        Navigation = [new NavigationItem("nav.datasets", "datasets", 20)],
        AdminNavigation =
        [
            new AdminNavigationItem("data.admin.title", "admin/data", Publish.Name, 20),
            new AdminNavigationItem("data.harvest.title", "admin/data/harvest", Harvest.Name, 21),
        ],
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CatalogService>();
        services.AddScoped<DatasetSearch>();
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => DataModel.Configure(modelBuilder);

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Demo.DemoDatasets.SeedAsync(services, ct);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
