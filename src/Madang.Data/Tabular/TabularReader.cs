using System.Buffers;
using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Madang.Core.Files;

namespace Madang.Data.Tabular;

/// <summary>
/// Reads a CSV, TSV or XLSX (first sheet) row by row without holding the file: encoding found from its first 64 KB,
/// delimiter sniffed, first row as header, cells trimmed. Row numbers are those a spreadsheet shows (the header is row 1).
/// </summary>
/// <remarks>Cells are spans into a buffer reused for every row: valid until the next <see cref="Read"/>.</remarks>
public sealed class TabularReader : IDisposable
{
    private readonly RowSource source;

    private TabularReader(RowSource source, string? encoding)
    {
        this.source = source;
        Encoding = encoding;
        Header = source.Read() ? Enumerable.Range(0, source.Count).Select(i => source.Cell(i).ToString()).ToList() : [];
        // A header row of only blanks at the end would be noise: a trailing separator is common in exported files.
        var last = Header.Count;
        while (last > 0 && Header[last - 1].Length == 0)
        {
            last--;
        }

        Header = Header.Take(last).ToList();
    }

    /// <summary>The encoding the file was read in (utf-8, cp949, shift_jis, big5); null for XLSX.</summary>
    public string? Encoding { get; }

    /// <summary>The delimiter found or used (known once the header is read); null for XLSX.</summary>
    public string? Delimiter => source is CsvSource csv ? csv.Separator.ToString() : null;

    /// <summary>The header cells as written (trimmed; blanks and duplicates left for <see cref="SchemaInference.FieldNames"/>).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The current row's number as a spreadsheet shows it (header = 1).</summary>
    public long RowNumber => source.RowNumber;

    /// <summary>Cells in the current row (may differ from the header's count: a ragged row).</summary>
    public int CellCount => source.Count;

    /// <summary>Problems of the file's structure the reader recovered from (malformed quoting), to show as warnings.</summary>
    public List<ValidationError> Problems => source.Problems;

    /// <summary>Cell <paramref name="index"/> of the current row, trimmed; empty past the row's end.</summary>
    public ReadOnlySpan<char> Cell(int index) => index < source.Count ? source.Cell(index) : default;

    /// <summary>Moves to the next row that has a cell; false at the end.</summary>
    public bool Read() => source.Read();

    public void Dispose() => source.Dispose();

    /// <summary>Whether files of <paramref name="format"/> (CSV, TSV, XLSX) can be read.</summary>
    public static bool CanRead(string? format) => format is "CSV" or "TSV" or "XLSX";

    /// <summary>Opens a seekable stream of <paramref name="format"/>; the reader owns and disposes it.</summary>
    public static async Task<TabularReader> OpenAsync(Stream stream, string format, CancellationToken ct = default)
    {
        if (format == "XLSX")
        {
            return new TabularReader(new XlsxSource(stream), null);
        }

        var encoding = await TextDecoding.DetectAsync(stream, ct: ct);
        return new TabularReader(new CsvSource(stream, encoding, format == "TSV" ? '\t' : null), TextDecoding.Name(encoding));
    }

    /// <summary>A trimmed span: spaces of every width (ideographic, no-break) and stray byte order marks go.</summary>
    internal static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s)
    {
        var a = 0;
        var b = s.Length;
        while (a < b && (char.IsWhiteSpace(s[a]) || s[a] == '\uFEFF'))
        {
            a++;
        }

        while (b > a && char.IsWhiteSpace(s[b - 1]))
        {
            b--;
        }

        return s[a..b];
    }

    private abstract class RowSource : IDisposable
    {
        public List<ValidationError> Problems { get; } = [];

        public long RowNumber { get; protected set; }

        public abstract int Count { get; }

        public abstract ReadOnlySpan<char> Cell(int index);

        public abstract bool Read();

        public abstract void Dispose();
    }

    /// <summary>CsvHelper's reader (UTF-8 bytes scanned with SIMD, legacy encodings transcoded); cells decoded into one buffer per row.</summary>
    private sealed class CsvSource : RowSource
    {
        private readonly CsvReader csv;
        private char[] chars = ArrayPool<char>.Shared.Rent(4096);
        private int[] starts = new int[64];
        private int[] lengths = new int[64];
        private int count;
        private long records;

        public CsvSource(Stream stream, System.Text.Encoding encoding, char? separator)
        {
            var options = new CsvReaderOptions
            {
                HasHeader = false, // our own header handling: blank and duplicate names are reported, not refused
                Separator = separator,
                Encoding = encoding.CodePage is 65001 or 1200 or 1201 ? null : encoding, // CsvHelper reads UTF-16 by its BOM
                TrimWhitespace = true,
                OnMalformedRecord = m => Problems.Add(new ValidationError(
                    m.Reason == CsvMalformedReason.UnterminatedQuote ? "unterminated-quote" : "malformed-quote", m.RecordNumber, null,
                    $"Row {m.RecordNumber}: {Describe(m.Reason)}. Check the quotes (\") in this row; the row was read as well as possible.")),
            };
            csv = CsvReader.Create(stream, options);
        }

        public char Separator => csv.Separator;

        public override int Count => count;

        public override ReadOnlySpan<char> Cell(int index) => Trim(chars.AsSpan(starts[index], lengths[index]));

        public override bool Read()
        {
            while (csv.Read())
            {
                records++;
                var n = csv.FieldCount;
                // The raw record's UTF-8 bytes bound its decoded chars: unquoting only shortens, and no char takes less than a byte.
                var bytes = csv.RawRecord.Length;
                if (bytes > chars.Length)
                {
                    ArrayPool<char>.Shared.Return(chars);
                    chars = ArrayPool<char>.Shared.Rent(bytes);
                }

                if (n > starts.Length)
                {
                    Array.Resize(ref starts, n * 2);
                    Array.Resize(ref lengths, n * 2);
                }

                var at = 0;
                var any = false;
                for (var i = 0; i < n; i++)
                {
                    var written = csv.GetChars(i, chars.AsSpan(at));
                    starts[i] = at;
                    lengths[i] = written;
                    any |= written > 0;
                    at += written;
                }

                count = n;
                if (!any)
                {
                    continue; // a row of empty cells (",,,") as spreadsheets export below the data
                }

                RowNumber = records;
                return true;
            }

            count = 0;
            return false;
        }

        public override void Dispose()
        {
            csv.Dispose();
            ArrayPool<char>.Shared.Return(chars);
        }

        private static string Describe(CsvMalformedReason reason) => reason switch
        {
            CsvMalformedReason.StrayQuote => "a quote inside a value that does not start with a quote",
            CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a value",
            CsvMalformedReason.UnterminatedQuote => "a quoted value is never closed, so the rest of the file was read into it",
            _ => "malformed quoting",
        };
    }

    /// <summary>The first worksheet read with the SAX reader one row at a time; shared strings are held (Excel keeps them in one part).</summary>
    private sealed class XlsxSource : RowSource
    {
        private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

        private readonly SpreadsheetDocument doc;
        private readonly OpenXmlReader reader;
        private readonly List<string> shared = [];
        private readonly HashSet<uint> dateStyles = [];
        private readonly List<string> cells = [];

        public XlsxSource(Stream stream)
        {
            doc = SpreadsheetDocument.Open(stream, false);
            var workbook = doc.WorkbookPart ?? throw new InvalidDataException("The workbook has no sheets.");
            var sheet = workbook.Workbook?.Sheets?.GetFirstChild<Sheet>() ?? throw new InvalidDataException("The workbook has no sheets.");
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id?.Value ?? throw new InvalidDataException("The workbook's first sheet is missing."));
            if (workbook.SharedStringTablePart is { } sst)
            {
                using var r = OpenXmlReader.Create(sst);
                while (r.Read())
                {
                    if (r.ElementType == typeof(SharedStringItem) && r.IsStartElement)
                    {
                        shared.Add(Text((SharedStringItem)r.LoadCurrentElement()!));
                    }
                }
            }

            if (workbook.WorkbookStylesPart?.Stylesheet is { } styles)
            {
                var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
                    .Where(f => f.NumberFormatId is not null && IsDateFormat(f.FormatCode?.Value))
                    .Select(f => f.NumberFormatId!.Value).ToHashSet() ?? [];
                var index = 0u;
                foreach (var xf in styles.CellFormats?.Elements<CellFormat>() ?? [])
                {
                    var id = xf.NumberFormatId?.Value ?? 0;
                    if (BuiltInDateFormats.Contains(id) || custom.Contains(id))
                    {
                        dateStyles.Add(index);
                    }

                    index++;
                }
            }

            reader = OpenXmlReader.Create(part);
        }

        public override int Count => cells.Count;

        public override ReadOnlySpan<char> Cell(int index) => Trim(cells[index]);

        public override bool Read()
        {
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                cells.Clear();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add(string.Empty);
                    }

                    cells.Add(Value(cell));
                }

                while (cells.Count > 0 && cells[^1].Length == 0)
                {
                    cells.RemoveAt(cells.Count - 1);
                }

                if (cells.Count == 0)
                {
                    continue;
                }

                RowNumber = row.RowIndex?.Value ?? RowNumber + 1;
                return true;
            }

            cells.Clear();
            return false;
        }

        public override void Dispose()
        {
            reader.Dispose();
            doc.Dispose();
        }

        private string Value(Cell cell)
        {
            var v = cell.CellValue?.Text;
            var type = cell.DataType?.Value;
            if (type == CellValues.SharedString)
            {
                return int.TryParse(v, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count ? shared[i] : string.Empty;
            }

            if (type == CellValues.InlineString)
            {
                return cell.InlineString is { } s ? Text(s) : string.Empty;
            }

            if (type == CellValues.Boolean)
            {
                return v == "1" ? "true" : "false";
            }

            if (v is null || (type is not null && type != CellValues.Number))
            {
                return v ?? string.Empty; // formula strings, errors (#N/A) and ISO dates as written
            }

            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return v;
            }

            if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style) && number is > -657435 and < 2958466)
            {
                var date = DateTime.FromOADate(number);
                return date.TimeOfDay == TimeSpan.Zero
                    ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            }

            return number.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>A rich or plain string's text without its phonetic guide (the furigana of Japanese workbooks).</summary>
        private static string Text(OpenXmlElement item) =>
            string.Concat(item.Descendants<Text>().Where(t => t.Ancestors<PhoneticRun>().FirstOrDefault() is null).Select(t => t.Text));

        private static int ColumnIndex(string reference)
        {
            var n = 0;
            foreach (var c in reference)
            {
                if (c is < 'A' or > 'Z')
                {
                    break;
                }

                n = (n * 26) + (c - 'A' + 1);
            }

            return n - 1;
        }

        private static bool IsDateFormat(string? code)
        {
            if (code is null)
            {
                return false;
            }

            var quoted = false;
            var bracket = false;
            foreach (var c in code)
            {
                switch (c)
                {
                    case '"': quoted = !quoted; break;
                    case '[': bracket = true; break;
                    case ']': bracket = false; break;
                    case 'y' or 'Y' or 'd' or 'D' or 'h' or 'H' or 's' or 'S' when !quoted && !bracket: return true;
                }
            }

            return false;
        }
    }
}
