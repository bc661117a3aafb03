namespace Madang.Core.Modules;

/// <summary>Validates module dependencies and orders modules so that each comes after what it needs.</summary>
public static class ModuleGraph
{
    /// <summary>Returns the manifests in dependency order; throws when a dependency is unknown or the graph has a cycle.</summary>
    public static IReadOnlyList<ModuleManifest> Order(IEnumerable<ModuleManifest> manifests)
    {
        var byName = new Dictionary<string, ModuleManifest>(StringComparer.Ordinal);
        foreach (var m in manifests)
        {
            if (!byName.TryAdd(m.Name, m))
            {
                throw new InvalidOperationException($"Module '{m.Name}' is registered twice.");
            }
        }

        foreach (var m in byName.Values)
        {
            foreach (var d in m.Dependencies.Where(d => !byName.ContainsKey(d)))
            {
                throw new InvalidOperationException($"Module '{m.Name}' depends on '{d}', which is not registered.");
            }
        }

        var ordered = new List<ModuleManifest>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        foreach (var name in byName.Keys.Order(StringComparer.Ordinal))
        {
            Visit(name, []);
        }

        return ordered;

        void Visit(string name, List<string> path)
        {
            if (state.TryGetValue(name, out var s))
            {
                if (s == 1)
                {
                    throw new InvalidOperationException($"Module dependency cycle: {string.Join(" -> ", path.Append(name))}.");
                }

                return;
            }

            state[name] = 1;
            path.Add(name);
            foreach (var d in byName[name].Dependencies)
            {
                Visit(d, path);
            }

            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            ordered.Add(byName[name]);
        }
    }
}
