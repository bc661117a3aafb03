namespace Madang.Core.Permissions;

/// <summary>A named permission a module declares, with the default roles that hold it.</summary>
/// <param name="Name">Dotted name, module first: <c>release.review</c>.</param>
/// <param name="DepartmentScoped">When true, holding the role is not enough: the user must be a member of the
/// resource's organisation or of one of its ancestors (administrators excepted).</param>
public sealed record Permission(string Name, IReadOnlyList<string> DefaultRoles, bool DepartmentScoped = false)
{
    public string Policy => PolicyPrefix + Name;

    public const string PolicyPrefix = "perm:";
}

/// <summary>The kernel's own permissions.</summary>
public static class KernelPermissions
{
    public static readonly Permission StaffArea = new("core.staff", Roles.StaffRoles);
    public static readonly Permission ManageOrganisations = new("core.organisations.manage", [Roles.Administrator]);
    public static readonly Permission ManagePeople = new("core.people.manage", [Roles.Administrator]);
    public static readonly Permission ManageSettings = new("core.settings.manage", [Roles.Administrator]);
    public static readonly Permission ManageApiKeys = new("core.apikeys.manage", [Roles.Administrator]);
    public static readonly Permission ReadAudit = new("core.audit.read", [Roles.Administrator]);
    public static readonly Permission ManageJobs = new("core.jobs.manage", [Roles.Administrator]);

    /// <summary>Acting for one department (its members and the department heads above them).</summary>
    public static readonly Permission ActForDepartment = new("core.department.act", [Roles.Staff, Roles.DepartmentHead, Roles.Reviewer, Roles.Administrator], DepartmentScoped: true);

    public static readonly IReadOnlyList<Permission> All =
        [StaffArea, ManageOrganisations, ManagePeople, ManageSettings, ManageApiKeys, ReadAudit, ManageJobs, ActForDepartment];
}
