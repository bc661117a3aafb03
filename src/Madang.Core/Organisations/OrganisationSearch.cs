using Madang.Core.Data;
using Madang.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Organisations;

/// <summary>What the index holds of an organisation: the one builder for live writes and for <c>search reindex</c>.</summary>
public sealed class OrganisationSearch(MadangDbContext db) : ISearchSource
{
    public string Type => OrganisationCommands.SearchType;

    public IReadOnlyList<string> Aliases { get; } =
    [
        "organisation", "organisations", "organization", "organizations", "org", "department", "dept",
        "기관", "부서", "조직", "組織", "部署", "機関", "机构", "部门", "機構", "部門",
    ];

    /// <summary>An active organisation's entry; inactive ones are not indexed.</summary>
    /// <remarks>Every language's name is searchable whatever the reader's language: 예산 and Budget find the same division.
    /// The date is kept in UTC, as the database returns it, so that a live write and a rebuild hash alike.</remarks>
    public static SearchDocument? Build(Organisation org) => !org.IsActive ? null :
        new SearchDocument(OrganisationCommands.SearchType, org.Code, org.Name.Get("en"), string.Join(" · ", org.Name.All().Append(org.Code)),
            "organisations/" + org.Code, SearchDates.Stored(org.CreatedAt), org.Id)
        {
            Identifier = org.Code,
        };

    public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var code in await db.Organisations.AsNoTracking().Where(o => o.IsActive).OrderBy(o => o.Code).Select(o => o.Code).ToListAsync(ct))
        {
            yield return code;
        }
    }

    public async Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var orgs = await db.Organisations.AsNoTracking().Where(o => keys.Contains(o.Code)).ToListAsync(ct);
        return orgs.Select(Build).OfType<SearchDocument>().ToList();
    }
}
