using System.Text;

namespace Madang.Core.Files;

/// <summary>Finds the encoding of text files as governments publish them: UTF-8 with or without BOM, CP949, Shift_JIS (CP932), Big5 (and UTF-16 with its BOM).</summary>
/// <remarks>
/// Deciding from a prefix (64 KB by default) lets a 100 MB file be read as a stream; legacy encodings decode each other's
/// bytes without error as garbage, so the decoding that yields the most of its language's frequent characters wins.
/// </remarks>
public static class TextDecoding
{
    /// <summary>How much of a stream <see cref="DetectAsync"/> reads before deciding.</summary>
    public const int DefaultSampleBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    // Prose words plus the words of data headers (codes, counts, dates, places), since a CSV's only text may be its header.
    private static readonly (int CodePage, string Name, string Common)[] Legacy =
    [
        (949, "cp949", "이의다는을에하고한지가서로를기있시사대정보공개과합니다년월일구군동읍면도명수자계번호주소전화코드분확진검사인원금액예산"),
        (932, "shift_jis", "のにはをたがでてとしれさあいうかなるす年月日市課です。、都道府県区町村名数番号者検査人件陽性患代性別男女コード公表"),
        (950, "big5", "的一是不了在人有這個們中來上大為和國地到以說時要就出會可也對生能而於著下年過發後作市政府公開縣區鄉鎮名稱數量號碼類別址電話醫機構"),
    ];

    // Not "\xEF\xBB\xBF"u8: in a u8 literal \xEF is the character U+00EF, encoded as two bytes.
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>UTF-8 (no BOM); what <see cref="Detect"/> answers for ASCII and valid UTF-8.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(false);

    /// <summary>
    /// The encoding of text starting with <paramref name="sample"/>. <paramref name="complete"/>: the sample is the whole text
    /// (otherwise a character cut at its end is not held against an encoding).
    /// </summary>
    public static Encoding Detect(ReadOnlySpan<byte> sample, bool complete = true)
    {
        if (sample.StartsWith(Utf8Bom) || IsUtf8(sample, complete))
        {
            return Utf8;
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return sample[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode; // Excel's "Unicode text"
        }

        (Encoding Encoding, int Score)? best = null;
        foreach (var (codePage, _, common) in Legacy)
        {
            var enc = Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            if (Decode(enc, sample, complete) is not { } text)
            {
                continue;
            }

            var score = 0;
            foreach (var c in text)
            {
                if (c >= 0x80 && common.Contains(c, StringComparison.Ordinal))
                {
                    score += 2;
                }
                else if (c is >= '\uFF61' and <= '\uFF9F')
                {
                    score--; // half-width katakana: what Korean or Chinese bytes look like when read as Shift_JIS
                }
            }

            if (best is null || score > best.Value.Score)
            {
                best = (Encoding.GetEncoding(codePage), score);
            }
        }

        return best?.Encoding ?? Utf8;
    }

    /// <summary>Reads up to <paramref name="sampleBytes"/> of a seekable stream, decides, and puts the stream back where it was.</summary>
    public static async Task<Encoding> DetectAsync(Stream stream, int sampleBytes = DefaultSampleBytes, CancellationToken ct = default)
    {
        var start = stream.Position;
        var buffer = new byte[sampleBytes];
        var read = await stream.ReadAtLeastAsync(buffer, sampleBytes, throwOnEndOfStream: false, ct);
        stream.Position = start;
        return Detect(buffer.AsSpan(0, read), complete: read < sampleBytes);
    }

    /// <summary>The whole of <paramref name="bytes"/> as text, in the encoding <see cref="Detect"/> finds (a UTF-8 BOM dropped).</summary>
    public static string Decode(byte[] bytes)
    {
        var enc = Detect(bytes);
        var bom = bytes.AsSpan().StartsWith(Utf8Bom) ? 3 : enc.CodePage is 1200 or 1201 ? 2 : 0;
        return enc.GetString(bytes, bom, bytes.Length - bom);
    }

    /// <summary>A short name for reports: utf-8, cp949, shift_jis, big5 (else the encoding's web name).</summary>
    public static string Name(Encoding encoding)
    {
        foreach (var l in Legacy)
        {
            if (l.CodePage == encoding.CodePage)
            {
                return l.Name;
            }
        }

        return encoding.CodePage switch { 65001 => "utf-8", 1200 => "utf-16", 1201 => "utf-16be", _ => encoding.WebName };
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample, bool complete)
    {
        if (!complete)
        {
            // A multi-byte character cut by the end of the sample: drop its lead and continuation bytes (at most 3).
            var cut = sample.Length;
            for (var i = sample.Length - 1; i >= 0 && i >= sample.Length - 3; i--)
            {
                if ((sample[i] & 0xC0) != 0x80)
                {
                    if (sample[i] >= 0xC0)
                    {
                        cut = i;
                    }

                    break;
                }
            }

            sample = sample[..cut];
        }

        return System.Text.Unicode.Utf8.IsValid(sample);
    }

    private static string? Decode(Encoding enc, ReadOnlySpan<byte> bytes, bool complete)
    {
        try
        {
            var decoder = enc.GetDecoder();
            var chars = new char[enc.GetMaxCharCount(bytes.Length)];
            var n = decoder.GetChars(bytes, chars, flush: complete);
            return new string(chars, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
