using System.Security.Cryptography;
using System.Text;

namespace Madang.Participation.Panels;

/// <summary>A volunteer as the published list shows them: a number and the strata, no name.</summary>
public sealed record VolunteerRow(int Number, string District, string AgeBand, string Gender)
{
    public string Stratum => District + "|" + AgeBand + "|" + Gender;
}

/// <summary>
/// The panel draw: a pure function of the published volunteer list, the panel's size and the published seed, so that
/// anyone can run it again (here with <c>participation panel verify</c>, or in twenty lines of any language).
/// </summary>
/// <remarks>
/// 1. Volunteers are grouped by stratum (district, age band, gender).
/// 2. Seats are shared out in proportion to each stratum's size by largest remainder (Hamilton); remainders that tie
///    are ordered by the stratum's key <c>H(seed, "stratum:" + district|age|gender)</c>.
/// 3. Within a stratum, volunteers are ordered by <c>H(seed, number)</c> and the first ones take its seats.
/// H is the lower-case hex SHA-256 of the UTF-8 text <c>seed + ":" + value</c>; hex strings compare ordinally.
/// </remarks>
public static class PanelDraw
{
    public static string Key(string seed, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed + ":" + value)));

    /// <summary>The numbers drawn, ascending.</summary>
    public static IReadOnlyList<int> Draw(IReadOnlyList<VolunteerRow> volunteers, int size, string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        if (volunteers.Select(v => v.Number).Distinct().Count() != volunteers.Count)
        {
            throw new ArgumentException("Volunteer numbers must be distinct.", nameof(volunteers));
        }

        var total = volunteers.Count;
        size = Math.Clamp(size, 0, total);
        if (size == 0)
        {
            return [];
        }

        var strata = volunteers.GroupBy(v => v.Stratum, StringComparer.Ordinal)
            .Select(g => new Stratum(g.Key, g.ToList(), Key(seed, "stratum:" + g.Key)))
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        foreach (var s in strata)
        {
            // Exact shares as rationals (members × size / total), so no floating point decides a seat.
            s.Seats = (int)((long)s.Members.Count * size / total);
            s.Remainder = (long)s.Members.Count * size % total;
        }

        var left = size - strata.Sum(s => s.Seats);
        foreach (var s in strata.OrderByDescending(s => s.Remainder).ThenBy(s => s.TieKey, StringComparer.Ordinal).Take(left))
        {
            s.Seats++;
        }

        return strata.SelectMany(s => s.Members.OrderBy(v => Key(seed, v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal).Take(s.Seats))
            .Select(v => v.Number).Order().ToList();
    }

    private sealed class Stratum(string name, List<VolunteerRow> members, string tieKey)
    {
        public string Name { get; } = name;

        public List<VolunteerRow> Members { get; } = members;

        public string TieKey { get; } = tieKey;

        public int Seats { get; set; }

        public long Remainder { get; set; }
    }
}
