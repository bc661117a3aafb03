namespace Madang.Data.Tabular;

/// <summary>Guesses a Table Schema from a file's header and rows: the narrowest type every value fits, date formats, required.</summary>
public static class SchemaInference
{
    /// <summary>Rows looked at when no limit is given: enough to guess types, quick enough for a preview.</summary>
    public const int DefaultSampleRows = 1000;

    /// <summary>
    /// Field names from a header: a blank header becomes <c>field_N</c> (its 1-based column), a repeated one <c>name_2</c>,
    /// each with a warning in <paramref name="warnings"/> so the publisher can name the column in the file.
    /// </summary>
    public static List<string> FieldNames(IReadOnlyList<string> header, List<ValidationError>? warnings = null)
    {
        var names = new List<string>(header.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (name.Length == 0)
            {
                name = "field_" + (i + 1);
                warnings?.Add(new ValidationError("blank-label", 1, name,
                    $"Column {i + 1} has no name in the header row; it is called '{name}'. Give it a name in the file's first row."));
            }

            if (!seen.Add(name))
            {
                var n = 2;
                while (!seen.Add(name + "_" + n))
                {
                    n++;
                }

                warnings?.Add(new ValidationError("duplicate-label", 1, name + "_" + n,
                    $"Column {i + 1} repeats the name '{name}' of an earlier column; it is called '{name}_{n}'. Give each column its own name."));
                name = name + "_" + n;
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>
    /// Infers a schema from the rows of <paramref name="reader"/> (at most <paramref name="maxRows"/>; null for all).
    /// Integers with a leading zero (codes such as 010006) stay strings so the zero is kept; an empty column is a string.
    /// </summary>
    public static TableSchema Infer(TabularReader reader, int? maxRows = DefaultSampleRows, List<ValidationError>? warnings = null,
        CancellationToken ct = default)
    {
        var names = FieldNames(reader.Header, warnings);
        var guesses = names.Select(_ => new Guess()).ToArray();
        Span<char> buffer = stackalloc char[256];
        var rows = 0;
        while ((maxRows is null || rows < maxRows) && reader.Read())
        {
            if ((++rows & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            for (var i = 0; i < guesses.Length; i++)
            {
                var cell = reader.Cell(i);
                if (cell.IsEmpty)
                {
                    guesses[i].Blank = true;
                    continue;
                }

                guesses[i].Add(CellParser.Fold(cell, buffer));
            }
        }

        return new TableSchema { Fields = names.Select((n, i) => guesses[i].Field(n)).ToList() };
    }

    private sealed class Guess
    {
        private bool integer = true, number = true, boolean = true, date = true, dateTime = true, leadingZero;
        private CellParser.DateShape shapes = CellParser.DateShape.Iso;
        private bool allIso = true;
        private long seen;

        public bool Blank { get; set; }

        public void Add(ReadOnlySpan<char> s)
        {
            seen++;
            leadingZero |= s.Length > 1 && s[0] == '0' && char.IsAsciiDigit(s[1]);
            integer = integer && CellParser.TryInteger(s, out _);
            number = number && (integer || CellParser.TryNumber(s, out _));
            boolean = boolean && s is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";
            if (date || dateTime)
            {
                // Tried month-first then day-first: the shape says which the column's values allow.
                date = date && (CellParser.TryDate(s, CellParser.AnyFormat, out _, out var shape)
                    || CellParser.TryDate(s, CellParser.DayFirstFormat, out _, out shape)) && Note(shape);
                if (!date)
                {
                    dateTime = dateTime && (CellParser.TryDateTime(s, CellParser.AnyFormat, TimeZoneInfo.Utc, out _, out shape)
                        || CellParser.TryDateTime(s, CellParser.DayFirstFormat, TimeZoneInfo.Utc, out _, out shape)) && Note(shape);
                }
            }
        }

        public TableField Field(string name)
        {
            var field = new TableField { Name = name };
            var required = seen > 0 && !Blank;
            if (seen == 0)
            {
                field.Type = "string";
            }
            else if (integer && !leadingZero)
            {
                field.Type = "integer";
            }
            else if (number && !leadingZero)
            {
                field.Type = "number";
            }
            else if (boolean)
            {
                field.Type = "boolean";
            }
            else if ((date || dateTime) && !(shapes.HasFlag(CellParser.DateShape.DayFirst) && shapes.HasFlag(CellParser.DateShape.MonthFirst)))
            {
                field.Type = date ? "date" : "datetime";
                field.Format = allIso ? null : shapes.HasFlag(CellParser.DateShape.DayFirst) ? CellParser.DayFirstFormat : CellParser.AnyFormat;
            }

            field.Constraints = required ? new FieldConstraints { Required = true } : null;
            return field;
        }

        private bool Note(CellParser.DateShape shape)
        {
            shapes |= shape;
            allIso &= shape.HasFlag(CellParser.DateShape.Iso);
            return true;
        }
    }
}
