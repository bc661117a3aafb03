using Madang.Core;
using Madang.Core.Links;
using Madang.Core.Modules;
using Madang.Core.Permissions;
using Madang.Core.Search;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Requests;

/// <summary>Requests: questions and formal disclosure requests about any public item or on their own, routed to the
/// department that owns it, kept to deadlines in working days, answered in the open.</summary>
public sealed class RequestsModule : IMadangModule
{
    /// <summary>Acknowledging, transferring, extending and answering for one's own department.</summary>
    public static readonly Permission Answer = new("requests.answer", [Roles.Staff, Roles.DepartmentHead, Roles.Administrator], DepartmentScoped: true);

    /// <summary>The rules file, and routing requests that have no department yet.</summary>
    public static readonly Permission Manage = new("requests.manage", [Roles.Administrator]);

    public ModuleManifest Manifest { get; } = new()
    {
        Name = "requests",
        Permissions = [Answer, Manage],
        JobTypes = [Requests.RequestSweepJob.Type],
        SearchableTypes = [new SearchableType(Requests.RequestSearch.SearchType, "requests.search.type")],
        Navigation = [new NavigationItem("nav.requests", "requests", 45)],
        AdminNavigation =
        [
            new AdminNavigationItem("requests.desk.title", "admin/requests", Answer.Name, 45),
            new AdminNavigationItem("requests.departments.title", "requests/departments", Answer.Name, 46),
        ],
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Rules.RulesStore>();
        services.AddScoped<Requests.RequestService>();
        services.AddScoped<Requests.RequestSweeper>();
        services.AddScoped<ISearchSource, Requests.RequestSearch>();
        services.AddScoped<IAskLink, AskLink>();
        services.AddJobHandler<Requests.RequestSweepJob>(Requests.RequestSweepJob.Type);
        services.AddHostedService<Requests.RequestSweepScheduler>();
    }

    public IEnumerable<System.CommandLine.Command> Commands(ICommandHost host) => [Cli.RequestsCommands.Create(host)];

    public void ConfigureModel(ModelBuilder modelBuilder) => Domain.RequestsModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        Api.Open311Api.MapOpen311(endpoints);
        Api.RequestPhotoEndpoints.MapRequestPhotos(endpoints);
    }

    /// <summary>"Ask a question" about an item leads to this module's form.</summary>
    private sealed class AskLink(Madang.Core.Data.MadangDbContext db) : IAskLink
    {
        public string PathFor(string type, string key) => "requests/ask?about=" + Uri.EscapeDataString(type + ":" + key);

        public async Task<(int Count, string Path)> AskedAsync(string type, string key, CancellationToken ct = default) =>
            (await db.Set<Domain.Request>().CountAsync(r => r.AboutType == type && r.AboutKey == key && !r.IsPrivate && r.Kind != Domain.RequestKind.Objection, ct),
                "requests?about=" + Uri.EscapeDataString(type + ":" + key));
    }
}
