using Madang.Core.Localization;

namespace Madang.Core.Organisations;

/// <summary>A unit of the government: bureau, division, team, office. Modules scope content and permissions by it.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    /// <summary>Short stable code used by imports and APIs (e.g. <c>FIN-BUD</c>).</summary>
    public required string Code { get; set; }

    public LocalizedText Name { get; set; } = new();

    public Guid? ParentId { get; set; }

    public OrganisationKind Kind { get; set; }

    public int SortOrder { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The level of an organisation in the city's tree.</summary>
public enum OrganisationKind
{
    City = 0,
    Bureau = 1,
    Division = 2,
    Team = 3,
    Office = 4,
    Agency = 5,
}

/// <summary>A person's membership of a department, which scopes department permissions.</summary>
public sealed class Membership
{
    public Guid UserId { get; set; }

    public Guid OrganisationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
