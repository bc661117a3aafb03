using Madang.Core.Modules;

namespace Madang.Web;

/// <summary>The modules this application is composed of. A module is added here and as a project reference.</summary>
public static class MadangModules
{
    public static IReadOnlyList<IMadangModule> All() => [new Release.ReleaseModule(), new Data.DataModule(), new Dashboards.DashboardsModule(), new Participation.ParticipationModule(), new Requests.RequestsModule()];
}
