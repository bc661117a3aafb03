using Madang.Core.Localization;

namespace Madang.Core.Links;

/// <summary>A public item one module shows and another may point to: its title, owner and address.</summary>
/// <param name="Type">The kind people see in links (<c>document</c>, <c>dataset</c>, <c>card</c>, <c>proposal</c>).</param>
/// <param name="Key">The owning module's key for it.</param>
/// <param name="Title">Its title as the public reads it.</param>
/// <param name="OrganisationId">The department that owns it, which answers questions about it.</param>
/// <param name="Path">Its page, relative to the language prefix (<c>documents/…</c>).</param>
public sealed record ResourceRef(string Type, string Key, LocalizedText Title, Guid? OrganisationId, string Path);

/// <summary>A module's public items, found by key: how a question "about" something reaches the department that owns it
/// without the asking module knowing the owning module's tables.</summary>
public interface IResourceResolver
{
    /// <summary>The type this resolver answers for.</summary>
    string Type { get; }

    /// <summary>The item, or null when there is none or the public may not see it.</summary>
    Task<ResourceRef?> ResolveAsync(string key, CancellationToken ct);
}

/// <summary>Resolves <c>type:key</c> references through whichever modules registered a resolver for the type.</summary>
public sealed class ResourceLinks(IEnumerable<IResourceResolver> resolvers)
{
    private readonly Dictionary<string, IResourceResolver> byType = resolvers.ToDictionary(r => r.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Types => byType.Keys;

    /// <summary>The item named by <paramref name="reference"/> (<c>document:1f2e…</c>), or null.</summary>
    public Task<ResourceRef?> ResolveAsync(string? reference, CancellationToken ct = default)
    {
        var colon = reference?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (reference is null || colon < 1)
        {
            return Task.FromResult<ResourceRef?>(null);
        }

        return ResolveAsync(reference[..colon], reference[(colon + 1)..], ct);
    }

    public Task<ResourceRef?> ResolveAsync(string type, string key, CancellationToken ct = default) =>
        byType.TryGetValue(type, out var r) && key.Length is > 0 and <= 200 ? r.ResolveAsync(key, ct) : Task.FromResult<ResourceRef?>(null);
}

/// <summary>
/// Where "Ask a question" about an item leads, when a module takes questions: pages of any module render the link
/// through <see cref="Web.AskTagHelper"/> without knowing which module answers.
/// </summary>
public interface IAskLink
{
    /// <summary>The path, relative to the language prefix, of the form asking about <paramref name="type"/>:<paramref name="key"/>.</summary>
    string PathFor(string type, string key);

    /// <summary>How many public questions were asked about the item, and the path of their list (relative to the language prefix).</summary>
    Task<(int Count, string Path)> AskedAsync(string type, string key, CancellationToken ct = default);
}
