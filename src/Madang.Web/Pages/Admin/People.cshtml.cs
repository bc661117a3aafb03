using Madang.Core.Data;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>People with their roles; filter by name, e-mail or role.</summary>
[Authorize(Policy = Policies.ManagePeople)]
public sealed class PeopleModel(MadangDbContext db) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }

    /// <summary>One row of the people list.</summary>
    public sealed record Row(Guid Id, string DisplayName, string? Email, IReadOnlyList<string> Roles, bool TwoFactor);

    public IReadOnlyList<Row> People { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim().ToUpperInvariant();
            // CA1862: this is translated to SQL (UPPER … LIKE); the StringComparison overloads are not translatable.
#pragma warning disable CA1862
            users = users.Where(u => u.NormalizedEmail!.Contains(q) || u.DisplayName.ToUpper().Contains(q));
#pragma warning restore CA1862
        }

        if (!string.IsNullOrWhiteSpace(Role))
        {
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Role)));
        }

        var list = await users.OrderBy(u => u.Email).Take(200).ToListAsync();
        var ids = list.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync();
        People = list.Select(u => new Row(u.Id, u.DisplayName, u.Email, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).ToList(), u.TwoFactorEnabled)).ToList();
    }
}
