using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Madang.Core.Search;

/// <summary>
/// A document's tsvector in PostgreSQL's binary format, built exactly as the vectors trigger builds it from the terms text
/// (<c>setweight(title::tsvector, 'A') || body::tsvector</c>), so that a bulk build sends it by COPY instead of text the
/// server parses (76 µs a document, a sixth of the server's share of a build).
/// </summary>
/// <remarks>Built with flat arrays rather than a list of positions per word: the build analyses on the same two cores the
/// server writes on, and a first version with a dictionary of lists spent a fifth of the client's time here.</remarks>
internal static class PostgresVector
{
    // The terms text's limits (PostgresSearchDialect), and tsvector's own cap on positions a lexeme (MAXNUMPOS), which
    // concatenation keeps.
    private const int MaxPosition = PostgresSearchDialect.MaxPosition;
    private const int WrittenPerLexeme = PostgresSearchDialect.MaxPositionsPerLexeme;
    private const int MaxPositions = 256;
    private const ushort WeightA = 3 << 14;

    public static byte[] Of(IReadOnlyList<Token> title, IReadOnlyList<Token> body)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lexemes = new List<string>();
        var t = Side.Of(title, WeightA, ids, lexemes);
        var b = Side.Of(body, 0, ids, lexemes);

        var maxPosition = 0;
        for (var id = 0; id < t.Lexemes; id++)
        {
            if (t.Count[id] > 0)
            {
                maxPosition = Math.Max(maxPosition, t.Positions[t.Start[id] + t.Count[id] - 1] & MaxPosition);
            }
        }

        // Lexemes in PostgreSQL's order: their UTF-8 bytes compared as memcmp, a prefix before the longer word. That is
        // UTF-16's ordinal order unless a word holds a character past U+D7FF (the server would sort them again, but on
        // the busier side).
        var order = new int[lexemes.Count];
        var words = lexemes.ToArray();
        var beyondBmpOrder = false;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            beyondBmpOrder |= words[i].AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') >= 0;
        }

        Array.Sort(words, order, beyondBmpOrder ? CodePointOrder.Instance : StringComparer.Ordinal);

        var bound = 4 + (2 * (t.Positions.Length + b.Positions.Length));
        foreach (var l in lexemes)
        {
            bound += Encoding.UTF8.GetMaxByteCount(l.Length) + 3;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer, lexemes.Count);
            var at = 4;
            foreach (var id in order)
            {
                at += Encoding.UTF8.GetBytes(lexemes[id], buffer.AsSpan(at));
                buffer[at++] = 0;
                var countAt = at;
                at += 2;
                var written = 0;
                var last = 0;
                if (id < t.Lexemes)
                {
                    foreach (var p in t.Positions.AsSpan(t.Start[id], t.Count[id]))
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), p);
                        (at, written, last) = (at + 2, written + 1, p & MaxPosition);
                    }
                }

                // tsvector_concat: the body's positions follow the title's last, capped at the largest position, taken while
                // fewer than 256 and none capped yet.
                foreach (var p in b.Positions.AsSpan(b.Start[id], b.Count[id]))
                {
                    if (written >= MaxPositions || (written > 0 && last == MaxPosition))
                    {
                        break;
                    }

                    var position = Math.Min((p & MaxPosition) + maxPosition, MaxPosition);
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), (ushort)((p & ~MaxPosition) | position));
                    (at, written, last) = (at + 2, written + 1, position);
                }

                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(countAt), (ushort)written);
            }

            return buffer.AsSpan(0, at).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Orders as UTF-8 bytes do (code points), without encoding: UTF-16 order differs only where a surrogate, a
    /// character past U+FFFF, meets one of U+E000–U+FFFF.</summary>
    private sealed class CodePointOrder : IComparer<string>
    {
        public static readonly CodePointOrder Instance = new();

        public int Compare(string? a, string? b)
        {
            var x = a.AsSpan();
            var y = b.AsSpan();
            var common = x.CommonPrefixLength(y);
            if (common == x.Length || common == y.Length)
            {
                return x.Length.CompareTo(y.Length);
            }

            var (sx, sy) = (char.IsSurrogate(x[common]), char.IsSurrogate(y[common]));
            return sx == sy ? x[common].CompareTo(y[common]) : sx ? 1 : -1;
        }
    }

    /// <summary>One side's positions as casting its terms text (<see cref="PostgresSearchDialect.FormatTerms"/>) leaves them:
    /// each lexeme's first 255 in the order written, one-based, sorted without repeats; lexeme <c>id</c>'s are
    /// <c>Positions[Start[id]..+Count[id]]</c>.</summary>
    private sealed class Side
    {
        public required int Lexemes { get; init; }

        public required int[] Start { get; init; }

        public required int[] Count { get; init; }

        public required ushort[] Positions { get; init; }

        public static Side Of(IReadOnlyList<Token> tokens, ushort weight, Dictionary<string, int> ids, List<string> lexemes)
        {
            var tokenIds = new int[tokens.Count];
            var taken = new List<int>(lexemes.Count + 64);
            taken.AddRange(Enumerable.Repeat(0, lexemes.Count));
            for (var i = 0; i < tokens.Count; i++)
            {
                tokenIds[i] = -1;
                if (tokens[i].Position >= MaxPosition)
                {
                    continue;
                }

                if (!ids.TryGetValue(tokens[i].Text, out var id))
                {
                    ids[tokens[i].Text] = id = lexemes.Count;
                    lexemes.Add(tokens[i].Text);
                    taken.Add(0);
                }

                if (taken[id] < WrittenPerLexeme)
                {
                    taken[id]++;
                    tokenIds[i] = id;
                }
            }

            // Counting sort by lexeme keeps each lexeme's positions in token order; then each run is sorted and deduplicated.
            var start = new int[lexemes.Count + 1];
            for (var id = 0; id < lexemes.Count; id++)
            {
                start[id + 1] = start[id] + taken[id];
            }

            var positions = new ushort[start[^1]];
            var next = start[..^1];
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tokenIds[i] >= 0)
                {
                    positions[next[tokenIds[i]]++] = (ushort)(weight | (tokens[i].Position + 1));
                }
            }

            var count = new int[lexemes.Count];
            for (var id = 0; id < lexemes.Count; id++)
            {
                var run = positions.AsSpan(start[id], taken[id]);
                run.Sort();
                var kept = run.Length == 0 ? 0 : 1;
                for (var i = 1; i < run.Length; i++)
                {
                    if (run[i] != run[kept - 1])
                    {
                        run[kept++] = run[i];
                    }
                }

                count[id] = kept;
            }

            return new Side { Lexemes = lexemes.Count, Start = start, Count = count, Positions = positions };
        }
    }
}
