using System.Text;

namespace Madang.Core.Privacy;

/// <summary>Text with full-width forms folded (NFKC per character) and a map back to the original offsets.</summary>
/// <remarks>Detectors match on <see cref="Value"/>; findings are reported on the original, so masking never shifts text.</remarks>
public sealed class NormalizedText
{
    private readonly int[] map;

    public NormalizedText(string original)
    {
        Original = original;
        var sb = new StringBuilder(original.Length);
        var offsets = new List<int>(original.Length + 1);
        for (var i = 0; i < original.Length; i++)
        {
            var c = original[i];
            if (char.IsHighSurrogate(c) && i + 1 < original.Length)
            {
                sb.Append(c).Append(original[i + 1]);
                offsets.Add(i);
                offsets.Add(i + 1);
                i++;
                continue;
            }

            if (!NeedsFolding(c))
            {
                sb.Append(c);
                offsets.Add(i);
                continue;
            }

            foreach (var f in Fold(c))
            {
                sb.Append(f);
                offsets.Add(i);
            }
        }

        offsets.Add(original.Length);
        Value = sb.ToString();
        map = offsets.ToArray();
    }

    public string Original { get; }

    public string Value { get; }

    /// <summary>The original span covering normalised [start, start+length).</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        var s = map[start];
        var e = start + length < map.Length ? map[start + length] : Original.Length;
        if (e <= s)
        {
            e = s + 1;
        }

        return (s, e - s);
    }

    /// <summary>Only the forms detectors care about are folded: full-width ASCII, odd spaces and dashes. Hangul, kana and
    /// ideographs pass through untouched, which keeps screening fast on CJK text.</summary>
    private static bool NeedsFolding(char c) =>
        c >= 0x80 && ((c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x2000 && c <= 0x206F) || c == 0x3000 || c == 0x00A0 || c == 0x30FC);

    private static string Fold(char c)
    {
        // Dashes people type between digit groups all become '-'.
        if (c is '‐' or '‑' or '‒' or '–' or '—' or '−' or 'ー' or '－')
        {
            return c == 'ー' ? "ー" : "-";
        }

        var s = c.ToString();
        return s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC);
    }
}
