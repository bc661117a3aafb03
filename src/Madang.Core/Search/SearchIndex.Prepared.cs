namespace Madang.Core.Search;

public sealed partial class SearchIndex
{
    /// <summary>Everything an entry is built from a document by pure computation (hash, analysed terms, suggestions): done
    /// apart from the unit of work, so that a bulk write can prepare its documents on every core.</summary>
    private sealed record Prepared(
        SearchDocument Document,
        string Hash,
        string Keywords,
        string? Identifier,
        string TitleTerms,
        string BodyTerms,
        IReadOnlyList<(string Normalized, string Text, bool IsTitle)> Suggestions,
        byte[]? Vector = null)
    {
        /// <param name="vector">PostgreSQL's bulk build: the tsvector itself (<see cref="PostgresVector"/>), with empty
        /// terms, which tells the trigger the row brings its vector.</param>
        public static Prepared Of(SearchDocument document, string hash, ISearchDialect dialect, bool vector = false)
        {
            var titleTokens = TextAnalyzer.Analyze(document.Title);
            // Keywords and the identifier weigh like the title; a gap of positions keeps a phrase from spanning two of them.
            foreach (var extra in document.Keywords.Append(document.Identifier ?? string.Empty).Where(k => !string.IsNullOrWhiteSpace(k)))
            {
                var offset = titleTokens.Count + 1;
                titleTokens.AddRange(TextAnalyzer.Analyze(extra).Select(t => t with { Position = t.Position + offset }));
            }

            var bodyTokens = TextAnalyzer.Analyze(document.Body);
            return new Prepared(
                document,
                hash,
                string.Join('\n', document.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim())),
                string.IsNullOrWhiteSpace(document.Identifier) ? null : NormalizeIdentifier(document.Identifier),
                vector ? string.Empty : dialect.FormatTerms(titleTokens, title: true),
                vector ? string.Empty : dialect.FormatTerms(bodyTokens, title: false),
                SuggestionsOf(document),
                vector ? PostgresVector.Of(titleTokens, bodyTokens) : null);
        }

        /// <summary>Sets every column of <paramref name="entry"/> but its id.</summary>
        public void CopyTo(SearchEntry entry, long generation, DateTimeOffset now)
        {
            entry.Title = Document.Title;
            entry.Body = Document.Body;
            entry.Url = Document.Url;
            // PostgreSQL keeps instants in UTC only (Npgsql refuses other offsets); the year stays the one the document shows.
            entry.Date = Document.Date.ToUniversalTime();
            entry.Year = Document.Date.Year;
            entry.OrganisationId = Document.OrganisationId;
            entry.Language = Document.Language;
            entry.Kind = Document.Kind;
            entry.Keywords = Keywords;
            entry.Identifier = Identifier;
            entry.TitleTerms = TitleTerms;
            entry.BodyTerms = BodyTerms;
            entry.ContentHash = Hash;
            entry.Generation = Math.Max(entry.Generation, generation);
            entry.UpdatedAt = now;
        }

        private static List<(string, string, bool)> SuggestionsOf(SearchDocument document)
        {
            var list = new List<(string, string, bool)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (text, isTitle) in document.Keywords.Select(k => (k, false)).Prepend((document.Title, true)))
            {
                var normalized = NormalizeIdentifier(text);
                if (normalized.Length == 0 || !seen.Add(normalized))
                {
                    continue;
                }

                var shown = text.Trim();
                list.Add((normalized.Length > 200 ? normalized[..200] : normalized, shown.Length > 200 ? shown[..200] : shown, isTitle));
            }

            return list;
        }
    }
}
