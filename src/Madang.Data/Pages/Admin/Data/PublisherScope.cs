using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Pages.Admin.Data;

/// <summary>Which organisations' datasets a person may publish: all for an administrator, else their departments and those under them.</summary>
public sealed record PublisherScope(bool All, IReadOnlyCollection<Guid> Organisations)
{
    public static readonly PublisherScope None = new(false, []);

    public bool IsEmpty => !All && Organisations.Count == 0;

    public bool Covers(Guid organisationId) => All || Organisations.Contains(organisationId);

    // The page policy cannot be the department-scoped permission itself: without a resource it refuses everyone
    // but administrators. So the page needs the staff area, and the scope is computed here from the same memberships.
    public static async Task<PublisherScope> OfAsync(MadangDbContext db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.IsInRole(Roles.Administrator))
        {
            return new PublisherScope(true, []);
        }

        if (!DataModule.Publish.DefaultRoles.Any(user.IsInRole) || !PermissionHandler.HasMultiFactor(user)
            || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return None;
        }

        return new PublisherScope(false, await OrganisationTree.ActingScopeAsync(db, userId, ct));
    }

    /// <summary>The organisations a picker offers: in scope, indented under their parents.</summary>
    public async Task<IReadOnlyList<(string Code, string Label)>> ChoicesAsync(MadangDbContext db, string culture, CancellationToken ct = default)
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync(ct);
        var codes = all.Where(o => Covers(o.Id)).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        return OrganisationTree.Choices(all, culture).Where(c => codes.Contains(c.Code)).ToList();
    }

    /// <summary>The department-scoped check for one dataset's organisation, through the kernel's permission handler.</summary>
    public static async Task<bool> MayPublishAsync(IAuthorizationService authorization, ClaimsPrincipal user, Guid organisationId) =>
        (await authorization.AuthorizeAsync(user, new OrganisationScope(organisationId), DataModule.Publish.Policy)).Succeeded;
}
