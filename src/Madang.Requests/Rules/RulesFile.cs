using System.Globalization;
using Madang.Core.Configuration;
using Madang.Core.Identity;
using Madang.Core.Localization;
using Madang.Requests.Deadlines;

namespace Madang.Requests.Rules;

/// <summary>
/// How a city handles requests, as an operator writes it (YAML or JSON): the holiday calendar, whether
/// anonymous questions are taken, each kind's deadlines in working days, and the categories that route standalone
/// questions. Korea's Official Information Disclosure Act is the default.
/// </summary>
public sealed record RulesFile
{
    /// <summary>Holiday rules: <c>kr</c>, <c>jp</c>, <c>tw</c> or <c>none</c> (weekends only).</summary>
    public string Country { get; init; } = "kr";

    /// <summary>Days the offices close beyond the country's rules (an election day), as <c>yyyy-MM-dd</c>.</summary>
    public List<string> Holidays { get; init; } = [];

    /// <summary>Weekend days the offices work (Taiwan's make-up Saturdays), as <c>yyyy-MM-dd</c>.</summary>
    public List<string> Workdays { get; init; } = [];

    /// <summary>Whether questions may be asked without an account (their answers are then only public).</summary>
    public bool Anonymous { get; init; } = true;

    public KindRules Question { get; init; } = new() { Acknowledge = 1, Answer = 7, Extension = 7, RemindBefore = 1, Verify = "email" };

    public KindRules Disclosure { get; init; } = new() { Acknowledge = 1, Answer = 10, Extension = 10, RemindBefore = 2, Verify = "email", ObjectionDays = 30, ThirdPartyDays = 30 };

    public KindRules Objection { get; init; } = new() { Acknowledge = 1, Answer = 7, Extension = 7, RemindBefore = 1, Verify = "email" };

    /// <summary>Reports on a map: most are seen to within days, and anyone may report (an Open311 client included).</summary>
    public KindRules Report { get; init; } = new() { Acknowledge = 1, Answer = 5, Extension = 5, RemindBefore = 1, Verify = "none" };

    /// <summary>The service categories people report in (Open311 services), each with its department and attributes.</summary>
    public List<Service> Services { get; init; } = [];

    /// <summary>Photos a report may carry.</summary>
    public int Photos { get; init; } = 3;

    /// <summary>A fee notice shown before a disclosure request is sent, per language; none when empty.</summary>
    public Dictionary<string, string> FeeNotice { get; init; } = [];

    /// <summary>Categories for standalone questions, each with the department that answers it (an organisation code).</summary>
    public List<Category> Categories { get; init; } = [];

    public KindRules For(Domain.RequestKind kind) => kind switch
    {
        Domain.RequestKind.Disclosure => Disclosure,
        Domain.RequestKind.Objection => Objection,
        Domain.RequestKind.Report => Report,
        _ => Question,
    };

    public HolidayCalendar Calendar() => new(Country, Holidays.Select(Day), Workdays.Select(Day));

    private static DateOnly Day(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Every rule broken, each with its place; empty when the file is sound.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (!HolidayCalendar.Countries.Contains(Country))
        {
            problems.Add($"country: must be one of {string.Join(", ", HolidayCalendar.Countries)}.");
        }

        foreach (var (name, list) in new[] { ("holidays", Holidays), ("workdays", Workdays) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!DateOnly.TryParseExact(list[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    problems.Add($"{name}[{i}]: '{list[i]}' is not a date like 2026-06-03.");
                }
            }
        }

        foreach (var (name, k) in new[] { ("question", Question), ("disclosure", Disclosure), ("objection", Objection), ("report", Report) })
        {
            if (k.Answer < 1)
            {
                problems.Add($"{name}.answer: must be at least 1 working day.");
            }

            if (k.Acknowledge < 0 || k.Acknowledge > k.Answer)
            {
                problems.Add($"{name}.acknowledge: from 0 to the answer's {k.Answer} working days.");
            }

            if (k.Extension < 0)
            {
                problems.Add($"{name}.extension: 0 (none) or more working days.");
            }

            if (k.RemindBefore < 0 || k.RemindBefore >= k.Answer)
            {
                problems.Add($"{name}.remindBefore: from 0 to fewer than the answer's {k.Answer} working days.");
            }

            if (k.Verify is not ("none" or "email" or "phone" or "census"))
            {
                problems.Add($"{name}.verify: must be one of none, email, phone, census.");
            }

            if (k.ThirdPartyDays < 0)
            {
                problems.Add($"{name}.thirdPartyDays: 0 (none) or more days.");
            }

            if (k.ObjectionDays < 0)
            {
                problems.Add($"{name}.objectionDays: 0 (no objection) or more days.");
            }
        }

        foreach (var culture in FeeNotice.Keys.Where(c => !SiteCultures.IsSupported(c)))
        {
            problems.Add($"feeNotice: '{culture}' is not a site language ({string.Join(", ", SiteCultures.All)}).");
        }

        for (var i = 0; i < Categories.Count; i++)
        {
            var c = Categories[i];
            if (string.IsNullOrWhiteSpace(c.Code) || string.IsNullOrWhiteSpace(c.Department))
            {
                problems.Add($"categories[{i}]: a code and a department are needed.");
            }

            if (c.Name.Count == 0)
            {
                problems.Add($"categories[{i}].name: at least one language is needed.");
            }
        }

        if (Categories.Select(c => c.Code).Distinct().Count() != Categories.Count)
        {
            problems.Add("categories: each code once.");
        }

        if (Photos is < 0 or > 10)
        {
            problems.Add("photos: from 0 to 10.");
        }

        for (var i = 0; i < Services.Count; i++)
        {
            problems.AddRange(Services[i].Check($"services[{i}]"));
        }

        if (Services.Select(c => c.Code).Distinct().Count() != Services.Count)
        {
            problems.Add("services: each code once.");
        }

        return problems;
    }

    /// <exception cref="RulesFileException">The file cannot be read or breaks a rule.</exception>
    public static RulesFile Parse(string text)
    {
        RulesFile file;
        try
        {
            file = ConfigFile.Read<RulesFile>(text);
        }
        catch (ConfigFileException e)
        {
            throw new RulesFileException([e.Problem]);
        }

        var problems = file.Check();
        return problems.Count > 0 ? throw new RulesFileException(problems) : file;
    }
}

/// <summary>One kind's deadlines, in working days from the day after receipt.</summary>
public sealed record KindRules
{
    public int Acknowledge { get; init; } = 1;

    /// <summary>Working days to answer or decide.</summary>
    public int Answer { get; init; } = 10;

    /// <summary>Working days one extension adds (0: none).</summary>
    public int Extension { get; init; }

    /// <summary>Working days before the due date when the department is reminded.</summary>
    public int RemindBefore { get; init; } = 1;

    /// <summary>Verification needed to send one: none, email, phone or census.</summary>
    public string Verify { get; init; } = "email";

    /// <summary>Calendar days after a decision within which the requester may object (0: no objection).</summary>
    public int ObjectionDays { get; init; }

    /// <summary>Calendar days a disclosure decided against a third party's objection waits before it is carried out (0: none).</summary>
    public int ThirdPartyDays { get; init; }

    public VerificationLevel Level => Verify switch
    {
        "none" => VerificationLevel.None,
        "email" => VerificationLevel.Email,
        "phone" => VerificationLevel.Phone,
        _ => VerificationLevel.Census,
    };
}

/// <summary>A category of standalone questions and the department (organisation code) that answers it.</summary>
public sealed record Category
{
    public string Code { get; init; } = string.Empty;

    public string Department { get; init; } = string.Empty;

    public Dictionary<string, string> Name { get; init; } = [];

    public string NameIn(string culture) => Texts.Pick(Name, culture) ?? Code;
}

/// <summary>
/// A service category people report in, with the department that deals with it and the questions it asks: Open311
/// GeoReport v2's service and service definition.
/// </summary>
public sealed record Service
{
    public const int CodeMax = 64;

    public string Code { get; init; } = string.Empty;

    public string Department { get; init; } = string.Empty;

    /// <summary>A heading services are grouped under (Open311 <c>group</c>), per language.</summary>
    public Dictionary<string, string> Group { get; init; } = [];

    public Dictionary<string, string> Name { get; init; } = [];

    public Dictionary<string, string> Description { get; init; } = [];

    public List<string> Keywords { get; init; } = [];

    public List<ServiceAttribute> Attributes { get; init; } = [];

    public string NameIn(string culture) => Texts.Pick(Name, culture) ?? Code;

    internal IEnumerable<string> Check(string at)
    {
        if (string.IsNullOrWhiteSpace(Code) || Code.Length > CodeMax || !Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            yield return $"{at}.code: letters, digits, '-', '_' or '.', at most {CodeMax}.";
        }

        if (string.IsNullOrWhiteSpace(Department))
        {
            yield return $"{at}.department: the code of the organisation that deals with it.";
        }

        if (Name.Count == 0)
        {
            yield return $"{at}.name: at least one language is needed.";
        }

        for (var i = 0; i < Attributes.Count; i++)
        {
            var a = Attributes[i];
            var where = $"{at}.attributes[{i}]";
            if (string.IsNullOrWhiteSpace(a.Code) || !a.Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                yield return $"{where}.code: letters, digits, '-' or '_'.";
            }

            if (!ServiceAttribute.Datatypes.Contains(a.Datatype))
            {
                yield return $"{where}.datatype: one of {string.Join(", ", ServiceAttribute.Datatypes)}.";
            }

            if (a.IsList && a.Values.Count == 0)
            {
                yield return $"{where}.values: a list needs values to choose from.";
            }

            if (a.Description.Count == 0)
            {
                yield return $"{where}.description: the question, in at least one language.";
            }
        }

        if (Attributes.Select(a => a.Code).Distinct().Count() != Attributes.Count)
        {
            yield return $"{at}.attributes: each code once.";
        }
    }
}

/// <summary>A question a service asks a reporter (Open311 attribute): its type, whether it must be answered, its choices.</summary>
public sealed record ServiceAttribute
{
    public static readonly string[] Datatypes = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"];

    public string Code { get; init; } = string.Empty;

    public string Datatype { get; init; } = "string";

    public bool Required { get; init; }

    /// <summary>False for an attribute that only informs (Open311 <c>variable</c>): shown, never asked.</summary>
    public bool Variable { get; init; } = true;

    /// <summary>The question, per language.</summary>
    public Dictionary<string, string> Description { get; init; } = [];

    /// <summary>A hint on the answer's form (Open311 <c>datatype_description</c>), per language.</summary>
    public Dictionary<string, string> Hint { get; init; } = [];

    public List<AttributeValue> Values { get; init; } = [];

    public bool IsList => Datatype is "singlevaluelist" or "multivaluelist";
}

/// <summary>One choice of a list attribute.</summary>
public sealed record AttributeValue
{
    public string Key { get; init; } = string.Empty;

    public Dictionary<string, string> Name { get; init; } = [];

    public string NameIn(string culture) => Texts.Pick(Name, culture) ?? Key;
}

/// <summary>Per-language texts in a rules file: the reader's language, else English, else the first given.</summary>
public static class Texts
{
    public static string? Pick(IReadOnlyDictionary<string, string> texts, string culture) =>
        texts.TryGetValue(culture, out var n) ? n : texts.TryGetValue("en", out var en) ? en : texts.Values.FirstOrDefault();
}

/// <summary>A rules file that breaks rules; every problem is listed.</summary>
public sealed class RulesFileException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
