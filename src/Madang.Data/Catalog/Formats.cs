namespace Madang.Data.Catalog;

/// <summary>The file formats a resource can have, with their media types.</summary>
public static class Formats
{
    private static readonly Dictionary<string, (string Format, string MediaType)> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = ("CSV", "text/csv"),
        [".tsv"] = ("TSV", "text/tab-separated-values"),
        [".json"] = ("JSON", "application/json"),
        [".geojson"] = ("GEOJSON", "application/geo+json"),
        [".xlsx"] = ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".zip"] = ("ZIP", "application/zip"),
        [".pdf"] = ("PDF", "application/pdf"),
    };

    /// <summary>Extensions accepted for upload.</summary>
    public static IEnumerable<string> Extensions => ByExtension.Keys;

    public static bool IsAccepted(string fileName) => ByExtension.ContainsKey(Path.GetExtension(fileName));

    public static string? FromFileName(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var f) ? f.Format : null;

    public static string MediaType(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var f) ? f.MediaType : "application/octet-stream";

    /// <summary>Formats whose rows can go into the datastore.</summary>
    public static bool IsTabular(string? format) => format is "CSV" or "TSV" or "XLSX";
}
