using Madang.Core.Jobs;
using Madang.Core.Permissions;

namespace Madang.Core.Modules;

/// <summary>The kernel describes itself with the same manifest the modules use.</summary>
public static class KernelManifest
{
    public static readonly ModuleManifest Value = new()
    {
        Name = "core",
        Permissions = KernelPermissions.All,
        JobTypes = [KernelJobs.Email, KernelJobs.Sms, KernelJobs.Probe],
        SearchableTypes = [new SearchableType("organisation", "search.type.organisation")],
        Navigation = [new NavigationItem("nav.organisations", "organisations", 900)],
    };
}
