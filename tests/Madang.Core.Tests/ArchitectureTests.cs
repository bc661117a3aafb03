using System.Xml.Linq;
using Madang.Core.Modules;

namespace Madang.Core.Tests;

/// <summary>Module boundaries, read from the project files: a module may reference only the kernel and what it declares.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] NotModules = ["Madang.Core", "Madang.Web", "Madang.Migrations.Sqlite", "Madang.Migrations.Postgres"];

    private static IEnumerable<string> References(string project) =>
        References(XDocument.Load(Path.Combine(RepoRoot.Path, "src", project, project + ".csproj")));

    private static IEnumerable<string> References(XDocument csproj) =>
        csproj.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));

    /// <summary>The rule itself: project references other than the kernel and the declared modules.</summary>
    private static List<string> Undeclared(IEnumerable<string> references, IEnumerable<string> declared)
    {
        var allowed = declared.Append("Madang.Core").ToHashSet(StringComparer.Ordinal);
        return references.Where(r => !allowed.Contains(r)).ToList();
    }

    private static IEnumerable<string> ModuleProjects() =>
        Directory.GetDirectories(Path.Combine(RepoRoot.Path, "src")).Select(Path.GetFileName).OfType<string>()
            .Where(p => p.StartsWith("Madang.", StringComparison.Ordinal) && !NotModules.Contains(p));

    [Fact]
    public void Kernel_ReferencesNoModule() =>
        Assert.Empty(References("Madang.Core"));

    [Fact]
    public void Modules_ReferenceOnlyTheKernelAndTheirDeclaredDependencies()
    {
        var manifests = Madang.Web.MadangModules.All().ToDictionary(m => m.GetType().Assembly.GetName().Name!, m => m.Manifest);
        foreach (var project in ModuleProjects())
        {
            Assert.True(manifests.ContainsKey(project), $"{project} is not composed in MadangModules.All().");
            var declared = manifests[project].Dependencies.Select(d => manifests.Single(kv => kv.Value.Name == d).Key);
            var undeclared = Undeclared(References(project), declared);
            Assert.True(undeclared.Count == 0, $"{project} references {string.Join(", ", undeclared)} without declaring it in its manifest.");
        }

        ModuleGraph.Order(manifests.Values); // throws on cycles and unknown dependencies
    }

    [Fact]
    public void Checker_FindsAnUndeclaredReference()
    {
        // The rule above must be able to fail: check it against a made-up module that references a sibling.
        var doc = XDocument.Parse("""<Project><ItemGroup><ProjectReference Include="..\Madang.Core\Madang.Core.csproj" /><ProjectReference Include="..\Madang.Data\Madang.Data.csproj" /></ItemGroup></Project>""");
        Assert.Equal(["Madang.Data"], Undeclared(References(doc), declared: []));
        Assert.Empty(Undeclared(References(doc), declared: ["Madang.Data"]));
    }

    [Fact]
    public void Build_BansTheSystemClock()
    {
        var banned = File.ReadAllText(Path.Combine(RepoRoot.Path, "BannedSymbols.txt"));
        Assert.Contains("P:System.DateTime.UtcNow", banned, StringComparison.Ordinal);
        Assert.Contains("P:System.DateTimeOffset.UtcNow", banned, StringComparison.Ordinal);
        var props = File.ReadAllText(Path.Combine(RepoRoot.Path, "Directory.Build.props"));
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", props, StringComparison.Ordinal);
    }
}
