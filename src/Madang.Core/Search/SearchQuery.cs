using System.Globalization;

namespace Madang.Core.Search;

/// <summary>One clause of a parsed query: a word or phrase as analyzed tokens, perhaps negated or a prefix.</summary>
/// <param name="Raw">What the person typed, for highlighting.</param>
/// <param name="Tokens">Adjacent tokens that must appear in this order.</param>
/// <param name="Prefix">A lone CJK character: matched as the start of a bigram.</param>
/// <param name="Phrase">Typed in quotes: an exact phrase, which ranks above the same words scattered.</param>
public sealed record QueryClause(string Raw, IReadOnlyList<string> Tokens, bool Prefix, bool Negated, bool Phrase = false);

/// <summary>A query as understood: required groups of alternatives, exclusions and field filters.</summary>
public sealed record ParsedQuery
{
    public static readonly ParsedQuery Empty = new();

    /// <summary>Every group must match; a group matches when any of its clauses does (<c>a OR b</c>).</summary>
    public IReadOnlyList<IReadOnlyList<QueryClause>> Groups { get; init; } = [];

    /// <summary><c>-word</c> and <c>-"phrase"</c>: no result contains them.</summary>
    public IReadOnlyList<QueryClause> Excluded { get; init; } = [];

    /// <summary><c>dept:</c> values as typed: an organisation's code or name, meaning it and its sub-organisations.</summary>
    public IReadOnlyList<string> Departments { get; init; } = [];

    /// <summary><c>type:</c> values as typed: a type or one of its aliases.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary><c>from:</c> as the first day of what was typed (<c>2021</c>, <c>2021-03</c>, <c>2021-03-05</c>).</summary>
    public DateOnly? From { get; init; }

    /// <summary><c>to:</c> as the last day of what was typed, inclusive.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Field filters that could not be read (<c>from:soon</c>): shown back to the person, never silently dropped.</summary>
    public IReadOnlyList<string> Invalid { get; init; } = [];

    /// <summary>The words without field filters, as typed: what an identifier (document number, dataset name) is compared with.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Every positive clause, for snippets and highlighting.</summary>
    public IEnumerable<QueryClause> Positive => Groups.SelectMany(g => g);

    /// <summary>All clauses, positive then excluded.</summary>
    public IReadOnlyList<QueryClause> Clauses => [.. Positive, .. Excluded];

    public bool HasTerms => Groups.Count > 0;
}

/// <summary>
/// Turns what people type into a <see cref="ParsedQuery"/>: words and "quoted phrases" (all required), <c>-exclusion</c>,
/// <c>OR</c> (binding tighter than the implicit AND: <c>bus OR 버스 노선</c> is (bus or 버스) and 노선), and the field filters
/// <c>dept:</c>, <c>type:</c>, <c>from:</c>, <c>to:</c>. Mixed-script words (<c>서울budget</c>) split into required parts.
/// </summary>
public static class SearchQueryParser
{
    private static readonly string[] Fields = ["dept", "type", "from", "to"];

    /// <summary>Every clause of <paramref name="query"/>, flattened (positive then excluded).</summary>
    public static IReadOnlyList<QueryClause> Parse(string? query) => ParseQuery(query).Clauses;

    public static ParsedQuery ParseQuery(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return ParsedQuery.Empty;
        }

        var groups = new List<List<QueryClause>>();
        var excluded = new List<QueryClause>();
        var depts = new List<string>();
        var types = new List<string>();
        var invalid = new List<string>();
        var text = new List<string>();
        DateOnly? from = null, to = null;
        var orPending = false;

        foreach (var (raw, quoted, negated) in Lex(query.Trim()))
        {
            if (!quoted && !negated && raw == "OR")
            {
                orPending = groups.Count > 0;
                continue;
            }

            if (!quoted && Field(raw) is { } field)
            {
                var value = raw[(field.Length + 1)..];
                switch (field)
                {
                    case "dept":
                        depts.Add(value);
                        break;
                    case "type":
                        types.Add(value);
                        break;
                    case "from" when ParseDate(value) is { } f:
                        from = f.First;
                        break;
                    case "to" when ParseDate(value) is { } t:
                        to = t.Last;
                        break;
                    default:
                        invalid.Add(raw);
                        break;
                }

                orPending = false;
                continue;
            }

            text.Add(negated ? "-" + raw : raw);
            var clauses = Clauses(raw, negated, quoted);
            if (clauses.Count == 0)
            {
                continue;
            }

            if (negated)
            {
                excluded.AddRange(clauses);
                orPending = false;
                continue;
            }

            // An OR joins the first part of this word to the previous group; a mixed-script word's other parts stay required.
            var start = 0;
            if (orPending)
            {
                groups[^1].Add(clauses[0]);
                start = 1;
            }

            for (var i = start; i < clauses.Count; i++)
            {
                groups.Add([clauses[i]]);
            }

            orPending = false;
        }

        return new ParsedQuery
        {
            Groups = groups,
            Excluded = excluded,
            Departments = depts,
            Types = types,
            From = from,
            To = to,
            Invalid = invalid,
            Text = string.Join(' ', text),
        };
    }

    private static string? Field(string raw)
    {
        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == raw.Length - 1)
        {
            return null;
        }

        var name = raw[..colon].ToLowerInvariant();
        return Fields.Contains(name) ? name : null;
    }

    /// <summary>Splits the query into words and quoted phrases, each perhaps negated.</summary>
    private static IEnumerable<(string Raw, bool Quoted, bool Negated)> Lex(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                negated = true;
                i++;
            }

            if (text[i] == '"' || text[i] == '“' || text[i] == '「')
            {
                var close = text[i] switch { '“' => '”', '「' => '」', _ => '"' };
                var end = text.IndexOf(close, i + 1);
                end = end < 0 ? text.Length : end;
                yield return (text[(i + 1)..end], true, negated);
                i = end + 1;
                continue;
            }

            var stop = i;
            while (stop < text.Length && !char.IsWhiteSpace(text[stop]))
            {
                stop++;
            }

            yield return (text[i..stop], false, negated);
            i = stop;
        }
    }

    private static List<QueryClause> Clauses(string raw, bool negated, bool phrase)
    {
        var clauses = new List<QueryClause>();
        var runs = TextAnalyzer.Runs(TextAnalyzer.Normalize(raw)).ToList();
        if (runs.Count == 0)
        {
            return clauses;
        }

        // A quoted phrase keeps its words together; an unquoted "서울budget" is split into two required parts.
        if (phrase || negated || runs.Count == 1)
        {
            var tokens = TextAnalyzer.Analyze(raw).Select(t => t.Text).ToList();
            var prefix = runs.Count == 1 && runs[0].Cjk && tokens.Count == 1 && runs[0].Text.EnumerateRunes().Count() == 1;
            clauses.Add(new QueryClause(raw, tokens, prefix, negated, phrase && tokens.Count > 1));
            return clauses;
        }

        foreach (var run in runs)
        {
            var tokens = TextAnalyzer.Analyze(run.Text).Select(t => t.Text).ToList();
            var prefix = run.Cjk && run.Text.EnumerateRunes().Count() == 1;
            clauses.Add(new QueryClause(run.Text, tokens, prefix, negated));
        }

        return clauses;
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy.MM.dd", "yyyy.M.d", "yyyy/MM/dd", "yyyy/M/d", "yyyyMMdd"];

    /// <summary>A year, a month or a day, as its first and last day.</summary>
    internal static (DateOnly First, DateOnly Last)? ParseDate(string value)
    {
        var v = value.Trim().TrimEnd('.');
        var inv = CultureInfo.InvariantCulture;
        if (v.Length == 4 && int.TryParse(v, NumberStyles.None, inv, out var y) && y is >= 1000 and <= 9999)
        {
            return (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
        }

        foreach (var f in new[] { "yyyy-MM", "yyyy-M", "yyyy.MM", "yyyy.M", "yyyy/MM", "yyyy/M" })
        {
            if (DateOnly.TryParseExact(v, f, inv, DateTimeStyles.None, out var m))
            {
                return (m, m.AddMonths(1).AddDays(-1));
            }
        }

        return DateOnly.TryParseExact(v, DateFormats, inv, DateTimeStyles.None, out var d) ? (d, d) : null;
    }
}
