using Madang.Core;
using Madang.Core.Modules;
using Madang.Core.Permissions;
using Madang.Core.Search;
using Madang.Participation.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Participation;

/// <summary>Participation: processes with a ladder of thresholds, proposals and supports, answers owed by a date, the
/// panel drawn by lot, and debates.</summary>
public sealed class ParticipationModule : IMadangModule
{
    /// <summary>Processes, departments assigned to proposals, panels, closing debates.</summary>
    public static readonly Permission Manage = new("participation.manage", [Roles.Administrator, Roles.Editor]);

    /// <summary>Writing the official answer for one's own department.</summary>
    public static readonly Permission Answer = new("participation.answer", [Roles.Staff, Roles.DepartmentHead, Roles.Administrator], DepartmentScoped: true);

    /// <summary>Publishing held proposals, deciding on reported ones.</summary>
    public static readonly Permission Moderate = new("participation.moderate", [Roles.Moderator, Roles.Administrator]);

    public ModuleManifest Manifest { get; } = new()
    {
        Name = "participation",
        Dependencies = ["data"],
        Permissions = [Manage, Answer, Moderate],
        JobTypes = [Proposals.SweepJob.Type, Following.Followers.JobType, OpenData.OpenDataJob.Type],
        SearchableTypes =
        [
            new SearchableType(Proposals.ProposalSearch.SearchType, "participation.search.proposal"),
            new SearchableType(Consultations.ConsultationService.SearchType, "participation.search.consultation"),
            new SearchableType(Consultations.DebateSearch.SearchType, "participation.search.debate"),
        ],
        Navigation = [new NavigationItem("nav.proposals", "proposals", 40)],
        AdminNavigation = [new AdminNavigationItem("participation.admin.title", "admin/participation", Answer.Name, 40)],
    };

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Proposals.ParticipationOptions>().Bind(configuration.GetSection("Madang:Participation"));
        services.AddScoped<Processes.ProcessStore>();
        services.AddSingleton<Proposals.SupportableProposals>();
        services.AddSingleton<Proposals.SupportWriter>();
        services.AddScoped<Proposals.LadderEngine>();
        services.AddScoped<Proposals.ProposalService>();
        services.AddScoped<Proposals.ProposalImages>();
        services.AddScoped<Madang.Core.Links.IResourceResolver, Proposals.ProposalLinks>();
        services.AddScoped<Proposals.DeadlineSweeper>();
        services.AddScoped<Panels.PanelService>();
        services.AddScoped<Debates.DebateService>();
        services.AddScoped<Proposals.ProposalSearch>();
        services.AddScoped<ISearchSource>(sp => sp.GetRequiredService<Proposals.ProposalSearch>());
        services.AddScoped<Following.Followers>();
        services.AddScoped<Following.CommentService>();
        services.AddScoped<Consultations.ConsultationService>();
        services.AddScoped<Commitments.CommitmentService>();
        services.AddScoped<OpenData.ParticipationOpenData>();
        services.AddScoped<ISearchSource, Consultations.ConsultationSearch>();
        services.AddScoped<ISearchSource, Consultations.DebateSearch>();
        services.AddJobHandler<Proposals.SweepJob>(Proposals.SweepJob.Type);
        services.AddJobHandler<Following.TellFollowersJob>(Following.Followers.JobType);
        services.AddJobHandler<OpenData.OpenDataJob>(OpenData.OpenDataJob.Type);
        services.AddHostedService<Proposals.SweepScheduler>();
    }

    public IEnumerable<System.CommandLine.Command> Commands(ICommandHost host) => [Cli.ParticipationCommands.Create(host)];

    public Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Demo.DemoParticipation.SeedAsync(services, ct);

    public void ConfigureModel(ModelBuilder modelBuilder) => Domain.ParticipationModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapProposalImages();
}
