using Madang.Core.Data;
using Madang.Core.Permissions;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Organisations;

/// <summary>Finds who to tell: a department's staff, its heads, the administrators (for answers owed and escalations).</summary>
public sealed class StaffDirectory(MadangDbContext db)
{
    /// <summary>Members of <paramref name="organisationId"/> holding one of <paramref name="roles"/>.</summary>
    public Task<List<Guid>> MembersAsync(Guid organisationId, IReadOnlyCollection<string> roles, CancellationToken ct = default) =>
        (from m in db.Memberships
         join ur in db.UserRoles on m.UserId equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where m.OrganisationId == organisationId && roles.Contains(r.Name!)
         select m.UserId).Distinct().ToListAsync(ct);

    public Task<List<Guid>> InRoleAsync(string role, CancellationToken ct = default) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == role
         select ur.UserId).Distinct().ToListAsync(ct);

    /// <summary>The staff who answer for a department.</summary>
    public Task<List<Guid>> AnswerersAsync(Guid organisationId, CancellationToken ct = default) =>
        MembersAsync(organisationId, [Roles.Staff, Roles.DepartmentHead], ct);

    /// <summary>The department's heads; if it has none, the administrators, so an escalation always reaches someone.</summary>
    public async Task<List<Guid>> HeadsAsync(Guid? organisationId, CancellationToken ct = default)
    {
        if (organisationId is { } id)
        {
            var heads = await MembersAsync(id, [Roles.DepartmentHead], ct);
            if (heads.Count > 0)
            {
                return heads;
            }
        }

        return await InRoleAsync(Roles.Administrator, ct);
    }
}
