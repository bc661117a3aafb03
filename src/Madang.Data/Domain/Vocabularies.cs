namespace Madang.Data.Domain;

/// <summary>The themes datasets are grouped by: the EU data-theme vocabulary, used as DCAT themes and CKAN groups.</summary>
public static class Themes
{
    /// <summary>Codes in display order; names are the strings <c>data.theme.{code}</c>.</summary>
    public static readonly IReadOnlyList<string> Codes =
        ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN"];

    public static string Uri(string code) => "http://publications.europa.eu/resource/authority/data-theme/" + code;

    public static bool IsKnown(string code) => Codes.Contains(code);
}

/// <summary>A licence a dataset can carry: its SPDX id, title, URL and whether it is open (Open Definition).</summary>
public sealed record License(string Id, string Title, string Url, bool IsOpen);

/// <summary>The licences offered to publishers (CKAN's <c>license_list</c>).</summary>
public static class Licenses
{
    public static readonly IReadOnlyList<License> All =
    [
        new("CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/", true),
        new("CC-BY-SA-4.0", "Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", true),
        new("CC0-1.0", "Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", true),
        new("ODbL-1.0", "Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/", true),
        new("PDDL-1.0", "Open Data Commons Public Domain Dedication and License 1.0", "https://opendatacommons.org/licenses/pddl/1-0/", true),
        new("KOGL-Type1", "Korea Open Government License Type 1", "https://www.kogl.or.kr/info/licenseType1.do", true),
        new("CC-BY-NC-4.0", "Creative Commons Attribution Non-Commercial 4.0", "https://creativecommons.org/licenses/by-nc/4.0/", false),
        new("CC-BY-ND-4.0", "Creative Commons Attribution No-Derivatives 4.0", "https://creativecommons.org/licenses/by-nd/4.0/", false),
        new("other-closed", "Other (not open)", "", false),
    ];

    public static License? Find(string? id) => id is null ? null : All.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Update frequencies (EU frequency vocabulary codes).</summary>
public static class Frequencies
{
    public static readonly IReadOnlyList<string> Codes = ["CONT", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL", "IRREG", "NEVER"];

    public static string Uri(string code) => "http://publications.europa.eu/resource/authority/frequency/" + code;
}
