using Madang.Core.Localization;

namespace Madang.Data.Domain;

/// <summary>A dataset (CKAN's "package"): metadata in the five languages, owned by one organisation.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; }

    /// <summary>URL name, unique, lower-case letters, digits, '-' and '_' (CKAN's <c>name</c>), 2–100 characters.</summary>
    public required string Name { get; set; }

    public LocalizedText Title { get; set; } = new();

    /// <summary>Markdown, rendered sanitised.</summary>
    public LocalizedText Description { get; set; } = new();

    public Guid OrganisationId { get; set; }

    /// <summary>SPDX licence identifier (e.g. <c>CC-BY-4.0</c>); see <see cref="Licenses"/>.</summary>
    public string? LicenseId { get; set; }

    /// <summary>EU frequency vocabulary code (<c>DAILY</c>, <c>WEEKLY</c>, <c>MONTHLY</c>, <c>ANNUAL</c>, <c>IRREG</c> …).</summary>
    public string? Frequency { get; set; }

    public DateOnly? TemporalStart { get; set; }

    public DateOnly? TemporalEnd { get; set; }

    /// <summary>Spatial coverage as a place name (e.g. "Seoul", "Mapo-gu").</summary>
    public string? Spatial { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    /// <summary>Where the data comes from (CKAN's <c>url</c>).</summary>
    public string? Source { get; set; }

    public string? Version { get; set; }

    public DatasetState State { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>Soft delete: set when deleted; such a dataset is gone from every public surface and API list.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>The harvest source this dataset is a local copy of; null for datasets published here.</summary>
    public Guid? HarvestSourceId { get; set; }

    /// <summary>The dataset's id at the harvest source.</summary>
    public string? HarvestRemoteId { get; set; }

    /// <summary>The dataset's page at the harvest source.</summary>
    public string? HarvestRemoteUrl { get; set; }

    public List<DatasetTag> Tags { get; set; } = [];

    public List<DatasetTheme> Themes { get; set; } = [];

    public List<DatasetExtra> Extras { get; set; } = [];

    public List<DataResource> Resources { get; set; } = [];

    public bool IsPublic => State == DatasetState.Published && DeletedAt is null;
}

/// <summary>Draft: being prepared; Published: public; Private: visible to its organisation's staff only.</summary>
public enum DatasetState
{
    Draft = 0,
    Published = 1,
    Private = 2,
}

/// <summary>A free keyword of a dataset (CKAN tag).</summary>
public sealed class DatasetTag
{
    public Guid DatasetId { get; set; }

    public required string Name { get; set; }
}

/// <summary>A dataset's theme from <see cref="Themes"/> (CKAN group, DCAT theme).</summary>
public sealed class DatasetTheme
{
    public Guid DatasetId { get; set; }

    public required string Code { get; set; }
}

/// <summary>An extra key/value pair (CKAN <c>extras</c>).</summary>
public sealed class DatasetExtra
{
    public Guid DatasetId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
