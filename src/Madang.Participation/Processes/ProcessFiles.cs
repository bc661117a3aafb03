using System.Text.RegularExpressions;
using Madang.Core.Configuration;
using Madang.Core.Identity;
using Madang.Core.Localization;

namespace Madang.Participation.Processes;

/// <summary>Reads, checks and writes process definitions; every problem is reported with its place in the file.</summary>
public static partial class ProcessFiles
{
    public static readonly IReadOnlyList<string> Actions = ["answer", "mayor", "debate", "none"];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();

    /// <exception cref="ProcessFileException">The file cannot be read or breaks a rule.</exception>
    public static ProcessFile Parse(string text)
    {
        ProcessFile file;
        try
        {
            file = ConfigFile.Read<ProcessFile>(text);
        }
        catch (ConfigFileException e)
        {
            throw new ProcessFileException([e.Problem]);
        }

        var problems = Check(file);
        return problems.Count > 0 ? throw new ProcessFileException(problems) : file;
    }

    public static string ToJson(ProcessFile file) => ConfigFile.ToJson(file);

    public static string ToYaml(ProcessFile file) => ConfigFile.ToYaml(file);

    public static VerificationLevel Level(string name) => name switch
    {
        "none" => VerificationLevel.None,
        "email" => VerificationLevel.Email,
        "phone" => VerificationLevel.Phone,
        "census" => VerificationLevel.Census,
        _ => VerificationLevel.Census,
    };

    public static LocalizedText Text(Dictionary<string, string> byCulture)
    {
        var t = new LocalizedText();
        foreach (var (culture, value) in byCulture)
        {
            t[culture] = value;
        }

        return t;
    }

    public static IReadOnlyList<string> Check(ProcessFile f)
    {
        var problems = new List<string>();
        if (!SlugPattern().IsMatch(f.Slug))
        {
            problems.Add("slug: lower-case letters, digits and hyphens, 2 to 63 characters.");
        }

        if (f.Title.Count == 0 || f.Title.Values.All(string.IsNullOrWhiteSpace))
        {
            problems.Add("title: at least one language is needed.");
        }

        foreach (var culture in f.Title.Keys.Concat(f.Description.Keys).Where(c => !SiteCultures.IsSupported(c)).Distinct())
        {
            problems.Add($"title: '{culture}' is not a site language ({string.Join(", ", SiteCultures.All)}).");
        }

        foreach (var (name, value) in new[] { ("propose", f.Propose), ("support", f.Support) })
        {
            if (value is not ("none" or "email" or "phone" or "census"))
            {
                problems.Add($"{name}: must be one of none, email, phone, census.");
            }
        }

        if (f.Moderation is not ("before" or "after"))
        {
            problems.Add("moderation: must be before or after.");
        }

        if (f.HideAfterReports < 1)
        {
            problems.Add("hideAfterReports: must be at least 1.");
        }

        if (f.Images is < 0 or > 10)
        {
            problems.Add("images: must be from 0 to 10.");
        }

        CheckChoices(problems, "categories", f.Categories);
        CheckChoices(problems, "districts", f.Districts);
        if (f.AgeBands.Count == 0 || f.AgeBands.Distinct().Count() != f.AgeBands.Count)
        {
            problems.Add("ageBands: a list of distinct bands is needed.");
        }

        if (f.Ladder.Count == 0)
        {
            problems.Add("ladder: at least one step is needed.");
        }

        int? lastSupports = null, lastParticipants = null;
        var debateBefore = false;
        for (var i = 0; i < f.Ladder.Count; i++)
        {
            var s = f.Ladder[i];
            var at = $"ladder[{i}]";
            if ((s.Supports is null) == (s.Participants is null))
            {
                problems.Add($"{at}: give either supports or participants.");
                continue;
            }

            if (s.Threshold < 1)
            {
                problems.Add($"{at}: the count must be at least 1.");
            }

            if (s.Supports is { } n)
            {
                if (lastParticipants is not null)
                {
                    problems.Add($"{at}: a supports step cannot follow a participants step.");
                }

                if (n <= lastSupports)
                {
                    problems.Add($"{at}.supports: must be more than the step before ({lastSupports}).");
                }

                lastSupports = n;
            }
            else
            {
                if (!debateBefore)
                {
                    problems.Add($"{at}.participants: counts a debate, so an earlier step must open one (then: debate).");
                }

                if (s.Participants <= lastParticipants)
                {
                    problems.Add($"{at}.participants: must be more than the step before ({lastParticipants}).");
                }

                lastParticipants = s.Participants;
            }

            if (!Actions.Contains(s.Then))
            {
                problems.Add($"{at}.then: must be one of {string.Join(", ", Actions)}.");
            }

            if (s.Within is < 1)
            {
                problems.Add($"{at}.within: at least 1 day.");
            }

            if (s.Then is "answer" or "mayor" && s.AnswerWithin < 1)
            {
                problems.Add($"{at}.answerWithin: at least 1 day.");
            }

            if (s.Then is "answer" or "mayor" && (s.RemindBefore < 0 || s.RemindBefore >= s.AnswerWithin))
            {
                problems.Add($"{at}.remindBefore: from 0 to fewer days than answerWithin.");
            }

            if (s.Then == "mayor" && string.IsNullOrWhiteSpace(s.AnsweredBy))
            {
                problems.Add($"{at}.answeredBy: the organisation code of the Mayor's office is needed.");
            }

            if (s.Then == "debate")
            {
                if (s.DebateDays < 1)
                {
                    problems.Add($"{at}.debateDays: at least 1 day.");
                }

                debateBefore = true;
            }
        }

        return problems;
    }

    private static void CheckChoices(List<string> problems, string name, List<Choice> choices)
    {
        for (var i = 0; i < choices.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(choices[i].Code) || choices[i].Code.Length > 64)
            {
                problems.Add($"{name}[{i}].code: 1 to 64 characters.");
            }
        }

        foreach (var dup in choices.GroupBy(c => c.Code).Where(g => g.Count() > 1))
        {
            problems.Add($"{name}: '{dup.Key}' appears more than once.");
        }
    }
}

/// <summary>A process definition that cannot be used, with every problem found.</summary>
public sealed class ProcessFileException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
