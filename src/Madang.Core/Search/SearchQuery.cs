namespace Madang.Core.Search;

/// <summary>One clause of a parsed query: a word or phrase as analyzed tokens, perhaps negated or a prefix.</summary>
/// <param name="Raw">What the person typed, for highlighting.</param>
/// <param name="Tokens">Adjacent tokens that must appear in this order.</param>
/// <param name="Prefix">A lone CJK character: matched as the start of a bigram.</param>
public sealed record QueryClause(string Raw, IReadOnlyList<string> Tokens, bool Prefix, bool Negated);

/// <summary>Turns what people type into clauses: words, "quoted phrases" and -exclusions, all required.</summary>
public static class SearchQueryParser
{
    public static IReadOnlyList<QueryClause> Parse(string? query)
    {
        var clauses = new List<QueryClause>();
        if (string.IsNullOrWhiteSpace(query))
        {
            return clauses;
        }

        var text = query.Trim();
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

            string raw;
            var phrase = false;
            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                end = end < 0 ? text.Length : end;
                raw = text[(i + 1)..end];
                i = end + 1;
                phrase = true;
            }
            else
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                raw = text[i..end];
                i = end;
            }

            AddClauses(raw, negated, phrase, clauses);
        }

        return clauses;
    }

    private static void AddClauses(string raw, bool negated, bool phrase, List<QueryClause> clauses)
    {
        var runs = TextAnalyzer.Runs(TextAnalyzer.Normalize(raw)).ToList();
        if (runs.Count == 0)
        {
            return;
        }

        // A quoted phrase keeps its words together; an unquoted "서울budget" is split into two required parts.
        if (phrase || negated)
        {
            var tokens = TextAnalyzer.Analyze(raw).Select(t => t.Text).ToList();
            var prefix = runs.Count == 1 && runs[0].Cjk && tokens.Count == 1 && runs[0].Text.EnumerateRunes().Count() == 1;
            clauses.Add(new QueryClause(raw, tokens, prefix, negated));
            return;
        }

        foreach (var run in runs)
        {
            var tokens = TextAnalyzer.Analyze(run.Text).Select(t => t.Text).ToList();
            var prefix = run.Cjk && run.Text.EnumerateRunes().Count() == 1;
            clauses.Add(new QueryClause(run.Text, tokens, prefix, negated));
        }
    }
}
