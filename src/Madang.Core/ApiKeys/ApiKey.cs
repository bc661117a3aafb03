namespace Madang.Core.ApiKeys;

/// <summary>A machine client's key, scoped to one organisation. Only a SHA-256 hash of the secret is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown in lists so people can tell keys apart.</summary>
    public required string Prefix { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
