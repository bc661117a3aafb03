using Madang.Core.Localization;

namespace Madang.Data.Domain;

/// <summary>A resource of a dataset: an uploaded file kept in versions, or a link.</summary>
public sealed class DataResource
{
    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    public int Position { get; set; }

    public LocalizedText Name { get; set; } = new();

    public LocalizedText Description { get; set; } = new();

    public ResourceKind Kind { get; set; }

    /// <summary>For a link: the registered URL. For an upload: null (the download URL is Madang's own).</summary>
    public string? LinkUrl { get; set; }

    /// <summary>Upper-case format name: CSV, TSV, JSON, GEOJSON, XLSX, ZIP, PDF, or what a link declares.</summary>
    public string? Format { get; set; }

    /// <summary>Frictionless Table Schema as JSON (see <see cref="Tabular.TableSchema"/>); null for a non-tabular resource.</summary>
    public string? SchemaJson { get; set; }

    /// <summary>The live version: the latest accepted upload. Rejected uploads never become live.</summary>
    public Guid? CurrentVersionId { get; set; }

    public DatastoreState DatastoreState { get; set; }

    /// <summary>The database table holding the live datastore rows (named by the loaded version), or null.</summary>
    public string? DatastoreTable { get; set; }

    /// <summary>The version whose rows are in <see cref="DatastoreTable"/>.</summary>
    public Guid? DatastoreVersionId { get; set; }

    public long DatastoreRows { get; set; }

    /// <summary>Rows loaded so far by a running load, for the progress shown to staff.</summary>
    public long DatastoreProgress { get; set; }

    public string? DatastoreError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ModifiedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public List<ResourceVersion> Versions { get; set; } = [];
}

/// <summary>Upload: Madang keeps the file and its versions. Link: a URL elsewhere.</summary>
public enum ResourceKind
{
    Upload = 0,
    Link = 1,
}

/// <summary>Where a resource's datastore table is: none, loading, active (queryable) or failed.</summary>
public enum DatastoreState
{
    None = 0,
    Loading = 1,
    Active = 2,
    Failed = 3,
}

/// <summary>One upload of a resource. Every upload is kept, accepted or rejected, with its changelog line and report.</summary>
public sealed class ResourceVersion
{
    public Guid Id { get; set; }

    public Guid ResourceId { get; set; }

    /// <summary>1, 2, 3 … per resource.</summary>
    public int Number { get; set; }

    /// <summary>The file in the kernel's content-addressed store.</summary>
    public required string Sha256 { get; set; }

    public required string FileName { get; set; }

    public required string MediaType { get; set; }

    public long ByteSize { get; set; }

    public string? Changelog { get; set; }

    public VersionStatus Status { get; set; }

    /// <summary>The validation report as JSON (see <see cref="Tabular.ValidationReport"/>), for tabular files.</summary>
    public string? ReportJson { get; set; }

    public long? RowCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? CreatedBy { get; set; }
}

/// <summary>Pending: being validated; Accepted: valid (live when latest); Rejected: kept with its report, never live.</summary>
public enum VersionStatus
{
    Pending = 0,
    Accepted = 1,
    Rejected = 2,
}
