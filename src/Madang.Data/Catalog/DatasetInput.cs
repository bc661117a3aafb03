using Madang.Core.Localization;

namespace Madang.Data.Catalog;

/// <summary>The editable metadata of a dataset, as a publisher form, a CKAN write action or a harvest supplies it.</summary>
public sealed record DatasetInput
{
    public required string Name { get; init; }

    public LocalizedText Title { get; init; } = new();

    public LocalizedText Description { get; init; } = new();

    public required Guid OrganisationId { get; init; }

    public string? LicenseId { get; init; }

    public string? Frequency { get; init; }

    public DateOnly? TemporalStart { get; init; }

    public DateOnly? TemporalEnd { get; init; }

    public string? Spatial { get; init; }

    public string? ContactName { get; init; }

    public string? ContactEmail { get; init; }

    public string? Source { get; init; }

    public string? Version { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Themes { get; init; } = [];

    public IReadOnlyDictionary<string, string> Extras { get; init; } = new Dictionary<string, string>();

    public Domain.DatasetState State { get; init; } = Domain.DatasetState.Published;
}

/// <summary>Metadata problems by field (CKAN's ValidationError shape: field → messages).</summary>
public sealed class CatalogValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The dataset is not valid: " + string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
