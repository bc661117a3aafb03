using Madang.Core.Organisations;
using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madang.Core.Permissions;

/// <summary>Requires one declared permission; department-scoped permissions also need an <see cref="OrganisationScope"/> resource.</summary>
public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;
}

/// <summary>The organisation a department-scoped check is about.</summary>
public sealed record OrganisationScope(Guid OrganisationId);

/// <summary>Claim set by the two-factor sign-in; staff policies look for it.</summary>
public static class MadangClaims
{
    public const string AuthenticationMethod = "amr";
    public const string MultiFactor = "mfa";
}

/// <summary>Builds a policy for every <c>perm:</c> name on demand, so modules need not register policies by hand.</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options, ModuleCatalog catalog)
    : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(Permission.PolicyPrefix, StringComparison.Ordinal))
        {
            return await base.GetPolicyAsync(policyName);
        }

        var name = policyName[Permission.PolicyPrefix.Length..];
        var permission = catalog.Permissions.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"Unknown permission '{name}'.");
        return new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement(permission))
            .Build();
    }
}

/// <summary>Decides <see cref="PermissionRequirement"/>: role, two-factor for staff roles, and department membership when scoped.</summary>
public sealed class PermissionHandler(MadangDbContext db) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var user = context.User;
        var permission = requirement.Permission;
        var roles = permission.DefaultRoles.Where(user.IsInRole).ToList();
        if (roles.Count == 0)
        {
            return;
        }

        // Staff powers are only granted to a session that passed TOTP: a stolen password alone opens nothing.
        if (roles.All(Roles.IsStaffRole) && !HasMultiFactor(user))
        {
            return;
        }

        if (!permission.DepartmentScoped || user.IsInRole(Roles.Administrator))
        {
            context.Succeed(requirement);
            return;
        }

        var orgId = context.Resource switch
        {
            OrganisationScope s => s.OrganisationId,
            _ => (Guid?)null,
        };
        if (orgId is null || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return;
        }

        var memberOf = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.OrganisationId).ToListAsync();
        if (memberOf.Count == 0)
        {
            return;
        }

        var ancestors = await OrganisationTree.AncestorsAndSelfAsync(db, orgId.Value);
        if (ancestors.Intersect(memberOf).Any())
        {
            context.Succeed(requirement);
        }
    }

    public static bool HasMultiFactor(ClaimsPrincipal user) =>
        user.HasClaim(MadangClaims.AuthenticationMethod, MadangClaims.MultiFactor);
}
