using System.Text.Json;

namespace Madang.Data.Datastore;

/// <summary>Queryable tables holding the live rows of tabular resources (CKAN's DataStore).</summary>
public interface IDatastore
{
    /// <summary>Answers a <c>datastore_search</c>; throws <see cref="DatastoreQueryException"/> for a bad request.</summary>
    Task<DatastoreResult> SearchAsync(DatastoreQuery query, CancellationToken ct = default);

    /// <summary>Inserts or updates rows by the resource's primary key (<c>datastore_upsert</c>); returns rows written.</summary>
    Task<int> UpsertAsync(Guid resourceId, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> records, string method, CancellationToken ct = default);
}

/// <summary>A datastore query: filters on fields, full text, fields, sort, paging (offset or keyset after <c>_id</c>).</summary>
public sealed record DatastoreQuery
{
    public required Guid ResourceId { get; init; }

    /// <summary>Field → accepted values (a row matches when the field equals any of them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Full text over the text fields, with the kernel's CJK-aware analyzer.</summary>
    public string? Q { get; init; }

    /// <summary>Fields to return, in order; empty for all (with <c>_id</c> first).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>CKAN sort string: <c>"field1 desc, field2"</c>.</summary>
    public string? Sort { get; init; }

    public int Limit { get; init; } = 100;

    public int Offset { get; init; }

    /// <summary>Keyset cursor: return rows with <c>_id</c> greater than this (only with the default sort).</summary>
    public long? AfterId { get; init; }

    public bool IncludeTotal { get; init; } = true;
}

/// <summary>A page of rows: the fields with their types, the rows as value arrays in field order, and the total.</summary>
public sealed record DatastoreResult(
    IReadOnlyList<DatastoreField> Fields,
    IReadOnlyList<object?[]> Rows,
    long? Total,
    long? LastId);

/// <summary>A datastore column as CKAN describes it: <c>id</c> and <c>type</c> (text, int, numeric, bool, date, timestamp).</summary>
public sealed record DatastoreField(string Id, string Type);

/// <summary>A datastore request a client must fix (unknown field, bad sort, no such resource); the message says what.</summary>
public sealed class DatastoreQueryException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;
}

/// <summary>Loads a version's rows into a fresh datastore table and makes it live in one switch (CKAN's DataPusher/XLoader).</summary>
public interface IDatastoreLoader
{
    /// <summary>
    /// Writes <paramref name="rows"/> (values typed per <paramref name="schema"/>: string, long, decimal/double, bool, DateOnly,
    /// DateTimeOffset, or null) to a new table, reporting rows written; when all are in, the resource's live table switches to it
    /// and the old one is dropped. A failure or cancellation leaves the previous table live and removes the partial one.
    /// </summary>
    Task<long> LoadAsync(Guid resourceId, Guid versionId, Tabular.TableSchema schema, IEnumerable<object?[]> rows,
        IProgress<long>? progress, CancellationToken ct = default);
}
