using System.Globalization;
using System.Text;

namespace Madang.Core.Search;

/// <summary>A term and its position in the analyzed text.</summary>
public readonly record struct Token(string Text, int Position);

/// <summary>The kernel's one analyzer, used for indexing and querying on every provider.</summary>
/// <remarks>
/// NFKC folds full-width Latin and half-width Katakana; lower-casing folds case. Alphabetic scripts become words.
/// Hangul, Han and Kana have no reliable word boundaries without a dictionary, so runs of them become
/// overlapping bigrams: a two-character query (예산, 東京, 口罩) is one token and finds any text containing it.
/// A run of a single character is kept as a unigram.
/// </remarks>
public static class TextAnalyzer
{
    /// <summary>Words longer than this are cut: they are noise (hashes, base64) and bloat the index.</summary>
    public const int MaxWordLength = 64;

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    public static List<Token> Analyze(string? text)
    {
        var tokens = new List<Token>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        foreach (var run in Runs(Normalize(text)))
        {
            Emit(run, tokens);
        }

        return tokens;
    }

    /// <summary>Splits text into runs of one kind; each run is a word or a CJK sequence.</summary>
    public static IEnumerable<(string Text, bool Cjk)> Runs(string normalized)
    {
        var sb = new StringBuilder();
        bool? cjk = null;
        foreach (var rune in normalized.EnumerateRunes())
        {
            var kind = Classify(rune);
            if (kind == CharKind.Separator)
            {
                if (sb.Length > 0)
                {
                    yield return (sb.ToString(), cjk == true);
                    sb.Clear();
                }

                cjk = null;
                continue;
            }

            var isCjk = kind == CharKind.Cjk;
            if (cjk is { } current && current != isCjk && sb.Length > 0)
            {
                yield return (sb.ToString(), current);
                sb.Clear();
            }

            cjk = isCjk;
            // Appended as UTF-16 units: a string per character made indexing allocate more than it wrote.
            if (rune.IsBmp)
            {
                sb.Append((char)rune.Value);
            }
            else
            {
                sb.Append(char.ConvertFromUtf32(rune.Value));
            }
        }

        if (sb.Length > 0)
        {
            yield return (sb.ToString(), cjk == true);
        }
    }

    private static void Emit((string Text, bool Cjk) run, List<Token> tokens)
    {
        if (!run.Cjk)
        {
            var w = run.Text.Length > MaxWordLength ? run.Text[..MaxWordLength] : run.Text;
            tokens.Add(new Token(w, tokens.Count));
            return;
        }

        // Where each character starts (a supplementary ideograph takes two UTF-16 units); bigrams are cut from the run.
        var text = run.Text;
        var starts = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            starts.Add(i);
        }

        starts.Add(text.Length);
        if (starts.Count == 2)
        {
            tokens.Add(new Token(text, tokens.Count));
            return;
        }

        for (var i = 0; i + 2 < starts.Count; i++)
        {
            tokens.Add(new Token(text.Substring(starts[i], starts[i + 2] - starts[i]), tokens.Count));
        }
    }

    private enum CharKind
    {
        Separator,
        Word,
        Cjk,
    }

    private static CharKind Classify(Rune r)
    {
        var v = r.Value;
        if (IsCjk(v))
        {
            return CharKind.Cjk;
        }

        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber => CharKind.Word,
            _ => CharKind.Separator,
        };
    }

    /// <summary>Hangul, Han (with extensions and compatibility ideographs), Hiragana, Katakana and the prolonged sound mark.</summary>
    public static bool IsCjk(int v) =>
        (v >= 0xAC00 && v <= 0xD7A3) // Hangul syllables
        || (v >= 0x1100 && v <= 0x11FF) || (v >= 0x3130 && v <= 0x318F) // Hangul Jamo, compatibility Jamo
        || (v >= 0x3040 && v <= 0x30FF) // Hiragana, Katakana (incl. ー)
        || (v >= 0x31F0 && v <= 0x31FF) // Katakana phonetic extensions
        || (v >= 0x3400 && v <= 0x4DBF) // Han extension A
        || (v >= 0x4E00 && v <= 0x9FFF) // Han unified
        || (v >= 0xF900 && v <= 0xFAFF) // Han compatibility
        || (v >= 0x20000 && v <= 0x3134F) // Han extensions B–H
        || v == 0x3005 || v == 0x3006; // 々 〆
}
