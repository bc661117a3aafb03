using Madang.Core;
using Madang.Core.Modules;
using Madang.Core.Permissions;
using Madang.Release.Api;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Release;

/// <summary>Proactive release: approved documents reach citizens automatically, with personal data masked.</summary>
public sealed class ReleaseModule : IMadangModule
{
    public static readonly Permission Pipeline = new("release.pipeline", Roles.StaffRoles);
    /// <summary>Reviewing is department-scoped: a reviewer sees the documents of their departments and those under them.</summary>
    public static readonly Permission Review = new("release.review", [Roles.Reviewer, Roles.Administrator], DepartmentScoped: true);
    public static readonly Permission EditPolicy = new("release.policy", [Roles.Administrator]);
    public static readonly Permission Withdraw = new("release.withdraw", [Roles.Staff, Roles.DepartmentHead, Roles.Administrator], DepartmentScoped: true);
    public static readonly Permission Hold = new("release.hold", [Roles.Administrator]);
    public static readonly Permission Insights = new("release.insights", [Roles.DepartmentHead, Roles.Administrator]);

    public ModuleManifest Manifest { get; } = new()
    {
        Name = "release",
        Permissions = [Pipeline, Review, Withdraw, Hold, Insights, EditPolicy],
        JobTypes = [IntakeService.ProcessJob, EmbargoJob.Type],
        SearchableTypes = [new SearchableType(Publisher.SearchType, "search.type.release.document")],
        Navigation = [new NavigationItem("nav.documents", "documents", 10)],
        AdminNavigation =
        [
            new AdminNavigationItem("release.admin.title", "admin/release", Pipeline.Name, 10),
            new AdminNavigationItem("release.queue.title", "admin/release/queue", Pipeline.Name, 11),
            new AdminNavigationItem("release.insights.title", "admin/release/insights", Insights.Name, 12),
            new AdminNavigationItem("release.policy.title", "admin/release/policy", EditPolicy.Name, 13),
        ],
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<IntakeService>();
        services.AddScoped<Publisher>();
        services.AddScoped<Core.Search.ISearchSource, DocumentSearch>();
        services.AddScoped<Core.Links.IResourceResolver, Api.DocumentLinks>();
        services.AddScoped<Policy.ReleasePolicyStore>();
        services.AddScoped<ReleaseInsights>();
        services.AddOptions<ReleaseOptions>().BindConfiguration("Madang:Release");
        services.AddJobHandler<ProcessDocumentJob>(IntakeService.ProcessJob);
        services.AddJobHandler<EmbargoJob>(EmbargoJob.Type);
        services.AddScoped<Core.Web.ISitemapSource, ReleaseFeeds.Source>();
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => ReleaseModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReleaseApi();
        endpoints.MapReleaseFeeds();
        endpoints.MapReleaseFiles();
    }

    public IEnumerable<System.CommandLine.Command> Commands(ICommandHost host)
    {
        var release = ImportCommand.Create(host);
        release.Subcommands.Add(Policy.PolicyCommand.Create(host));
        return [release];
    }

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => DemoDocuments.SeedAsync(services, ct);
}
