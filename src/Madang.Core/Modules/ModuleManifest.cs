using Madang.Core.Permissions;

namespace Madang.Core.Modules;

/// <summary>What a module tells the kernel about itself: name, dependencies, permissions, jobs, searchable types and navigation.</summary>
public sealed record ModuleManifest
{
    /// <summary>Stable identifier, also the table prefix (e.g. <c>release</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Names of the modules this one needs. Must be acyclic; only these may be project-referenced.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    public IReadOnlyList<Permission> Permissions { get; init; } = [];

    /// <summary>Job types this module handles (each needs an <see cref="Jobs.IJobHandler"/> registered under that name).</summary>
    public IReadOnlyList<string> JobTypes { get; init; } = [];

    /// <summary>Search entry types this module writes into the kernel index, with their localisation key.</summary>
    public IReadOnlyList<SearchableType> SearchableTypes { get; init; } = [];

    /// <summary>Links in the site navigation; labels are localisation keys, paths are relative to the culture prefix.</summary>
    public IReadOnlyList<NavigationItem> Navigation { get; init; } = [];

    /// <summary>Links in the staff area's side navigation, each shown to those holding its permission.</summary>
    public IReadOnlyList<AdminNavigationItem> AdminNavigation { get; init; } = [];
}

/// <summary>A staff-area link contributed by a module, shown only to holders of <see cref="Permission"/>.</summary>
public sealed record AdminNavigationItem(string LabelKey, string Path, string Permission, int Order = 100);

/// <summary>A kind of content a module writes to the search index.</summary>
public sealed record SearchableType(string Name, string LabelKey);

/// <summary>A navigation link contributed by a module.</summary>
public sealed record NavigationItem(string LabelKey, string Path, int Order = 100);
