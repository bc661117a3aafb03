using Madang.Core;
using Madang.Core.Jobs;
using Madang.Core.Modules;
using Madang.Core.Permissions;
using Madang.Data.Api;
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
        JobTypes = [CatalogService.ProcessVersionJob, Madang.Data.Harvest.Harvester.JobType],
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
        services.AddScoped<DatasetSearchSource>();
        services.AddScoped<Core.Search.ISearchSource>(sp => sp.GetRequiredService<DatasetSearchSource>());
        services.AddScoped<Core.Links.IResourceResolver, DatasetLinks>();
        services.AddSingleton<CatalogChanges>();
        services.ConfigureDbContext<Core.Data.MadangDbContext>((sp, b) => b.AddInterceptors(new CatalogChangeInterceptor(sp.GetRequiredService<CatalogChanges>())));
        services.AddScoped<Core.Web.ISitemapSource, Dcat.DataSitemap.Source>();
        services.AddScoped<Madang.Data.Harvest.Harvester>();
        services.AddJobHandler<Madang.Data.Harvest.HarvestJob>(Madang.Data.Harvest.Harvester.JobType);
        services.AddHttpClient(Madang.Data.Harvest.Harvester.HttpClientName, c =>
        {
            c.Timeout = TimeSpan.FromSeconds(100);
            c.DefaultRequestHeaders.UserAgent.ParseAdd("Madang-harvester/1.0");
        });
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => o.AddPolicy<string, DataRateLimits>(DataRateLimits.Policy));
        services.AddScoped<Datastore.DatastoreService>();
        services.AddScoped<Datastore.IDatastore>(sp => sp.GetRequiredService<Datastore.DatastoreService>());
        services.AddScoped<Datastore.DatastoreLoader>();
        services.AddScoped<Datastore.IDatastoreLoader>(sp => sp.GetRequiredService<Datastore.DatastoreLoader>());
        services.AddJobHandler<Tabular.ProcessVersionJob>(CatalogService.ProcessVersionJob);
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => DataModel.Configure(modelBuilder);

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Demo.DemoDatasets.SeedAsync(services, ct);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        Dcat.DcatEndpoints.MapDcat(endpoints);
        Dcat.DataSitemap.MapDataSitemap(endpoints);
        endpoints.MapCkanApi();
        endpoints.MapDataRestApi();
        endpoints.MapDataDownloads();
    }

    public IEnumerable<System.CommandLine.Command> Commands(ICommandHost host)
    {
        var data = new System.CommandLine.Command("data", "The open data catalogue.");
        data.Subcommands.Add(Madang.Data.Harvest.HarvestCommand.Create(host));
        return [data];
    }
}
