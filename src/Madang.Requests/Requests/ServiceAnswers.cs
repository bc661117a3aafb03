using System.Globalization;
using System.Text.Json;
using Madang.Requests.Rules;

namespace Madang.Requests.Requests;

/// <summary>A reporter's answers to a service's questions (Open311 attributes): checked against the service, stored as JSON.</summary>
public static class ServiceAnswers
{
    public const int StringMax = 500;
    public const int TextMax = 4000;

    /// <summary>The answers worth keeping, by attribute code; unknown codes are ignored, as Open311 clients may send extra.</summary>
    /// <exception cref="RequestException">A required answer is missing, or an answer is not of its attribute's type.</exception>
    public static Dictionary<string, string[]> Check(Service service, IReadOnlyDictionary<string, string[]> given, string culture)
    {
        var kept = new Dictionary<string, string[]>();
        foreach (var a in service.Attributes.Where(a => a.Variable))
        {
            var values = given.TryGetValue(a.Code, out var v) ? v.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct().ToArray() : [];
            var question = Texts.Pick(a.Description, culture) ?? a.Code;
            if (values.Length == 0)
            {
                if (a.Required)
                {
                    throw new RequestException("requests.error.attribute.required", question);
                }

                continue;
            }

            var ok = a.Datatype switch
            {
                "number" => values.Length == 1 && double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n),
                "datetime" => values.Length == 1 && DateTimeOffset.TryParse(values[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "singlevaluelist" => values.Length == 1 && a.Values.Any(x => x.Key == values[0]),
                "multivaluelist" => values.All(x => a.Values.Any(y => y.Key == x)),
                "text" => values.Length == 1 && values[0].Length <= TextMax,
                _ => values.Length == 1 && values[0].Length <= StringMax,
            };
            if (!ok)
            {
                throw new RequestException("requests.error.attribute", question);
            }

            kept[a.Code] = values;
        }

        return kept;
    }

    public static Dictionary<string, string[]> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [];

    /// <summary>Each answered question with its answer as a reader sees it (list keys turned into their names).</summary>
    public static IEnumerable<(ServiceAttribute Attribute, string Question, string Answer)> Describe(Service service, string? json, string culture)
    {
        var answers = Read(json);
        foreach (var a in service.Attributes)
        {
            if (answers.TryGetValue(a.Code, out var values))
            {
                var shown = a.IsList ? values.Select(v => a.Values.FirstOrDefault(x => x.Key == v)?.NameIn(culture) ?? v) : values;
                yield return (a, Texts.Pick(a.Description, culture) ?? a.Code, string.Join(", ", shown));
            }
        }
    }
}
