namespace Madang.Dashboards.Domain;

/// <summary>A region as stored: its slug and order, and its whole definition (<see cref="Definition.RegionFile"/>) as JSON.</summary>
/// <remarks>
/// One document per region rather than tables of dashboards and cards: the file staff import, edit and export is the
/// unit they think in, and a region is read whole on every page.
/// </remarks>
public sealed class Region
{
    public Guid Id { get; set; }

    public required string Slug { get; set; }

    public int Position { get; set; }

    /// <summary>The <see cref="Definition.RegionFile"/> as canonical JSON.</summary>
    public required string Definition { get; set; }

    /// <summary>Counts saves: part of every page's ETag, so an edit shows at once.</summary>
    public int Revision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ModifiedAt { get; set; }

    public string? ModifiedBy { get; set; }
}
