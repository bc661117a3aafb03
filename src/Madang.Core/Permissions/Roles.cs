namespace Madang.Core.Permissions;

/// <summary>The default roles. Every role except <see cref="Citizen"/> is a staff role and needs TOTP two-factor sign-in.</summary>
public static class Roles
{
    public const string Citizen = "citizen";
    public const string Staff = "staff";
    public const string Reviewer = "reviewer";
    public const string DepartmentHead = "department-head";
    public const string Moderator = "moderator";
    public const string Editor = "editor";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All =
        [Citizen, Staff, Reviewer, DepartmentHead, Moderator, Editor, Administrator];

    public static readonly IReadOnlyList<string> StaffRoles =
        [Staff, Reviewer, DepartmentHead, Moderator, Editor, Administrator];

    public static bool IsStaffRole(string role) => StaffRoles.Contains(role, StringComparer.Ordinal);
}
