using Madang.Core.Permissions;

namespace Madang.Core.Modules;

/// <summary>The modules composed into this application, in dependency order, plus the kernel's own manifest.</summary>
public sealed class ModuleCatalog
{
    public ModuleCatalog(IEnumerable<IMadangModule> modules)
    {
        var list = modules.ToList();
        var order = ModuleGraph.Order(list.Select(m => m.Manifest));
        Modules = order.Select(o => list.First(m => m.Manifest.Name == o.Name)).ToList();
        Manifests = [KernelManifest.Value, .. order];
    }

    public IReadOnlyList<IMadangModule> Modules { get; }

    /// <summary>All manifests, kernel first.</summary>
    public IReadOnlyList<ModuleManifest> Manifests { get; }

    public IEnumerable<Permission> Permissions => Manifests.SelectMany(m => m.Permissions);
}
