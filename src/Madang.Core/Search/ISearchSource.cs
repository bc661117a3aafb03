namespace Madang.Core.Search;

/// <summary>
/// A module's public content as the index should hold it: what <c>search reindex</c> rebuilds from and
/// <c>search check</c> compares against. The module's own writes build their <see cref="SearchDocument"/> the same way.
/// </summary>
public interface ISearchSource
{
    /// <summary>The index type this source owns (e.g. <c>release.document</c>).</summary>
    string Type { get; }

    /// <summary>Short names people type after <c>type:</c> in any language (e.g. <c>document</c>, <c>문서</c>, <c>文書</c>).</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>The keys of every item that should be in the index now.</summary>
    IAsyncEnumerable<string> KeysAsync(CancellationToken ct);

    /// <summary>The documents of those of <paramref name="keys"/> that should (still) be indexed; others are left out.</summary>
    Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct);
}
