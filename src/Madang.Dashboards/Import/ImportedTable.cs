using Madang.Dashboards.Definition;

namespace Madang.Dashboards.Import;

/// <summary>A table an importer read, ready to publish as a dataset: its name, title, typed columns and rows.</summary>
/// <param name="Name">The dataset name (lower-case letters, digits and hyphens).</param>
/// <param name="Columns">Frictionless field types: string, integer, number, date, datetime, boolean.</param>
/// <param name="Rows">Values in column order: string, long, double, DateOnly, DateTimeOffset, bool or null.</param>
/// <param name="UpdatedAt">When the source says the data was last updated, if it says.</param>
public sealed record ImportedTable(string Name, Text Title, IReadOnlyList<ImportedColumn> Columns, IReadOnlyList<object?[]> Rows, DateTimeOffset? UpdatedAt);

/// <summary>A column of an <see cref="ImportedTable"/> and its Frictionless type.</summary>
public sealed record ImportedColumn(string Name, string Type);

/// <summary>What an importer read: tables to publish, cards drawing them, and what it had to skip or guess.</summary>
public sealed record ImportResult(IReadOnlyList<ImportedTable> Tables, IReadOnlyList<CardDefinition> Cards, IReadOnlyList<string> Warnings);

/// <summary>A file an importer cannot read, with what is wrong where (the message is shown to the operator).</summary>
public sealed class ImportFormatException(string message) : Exception(message);
