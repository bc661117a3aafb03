using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Madang.Requests.Api;

/// <summary>One named value in an Open311 answer: a string, a number, a boolean, null, or a nested list.</summary>
public sealed record Field(string Name, object? Value);

/// <summary>A nested list (an attribute's values): written as a JSON array, or as an XML element of <paramref name="Item"/>s.</summary>
public sealed record FieldList(string Item, IEnumerable<IReadOnlyList<Field>> Items);

/// <summary>
/// Writes one answer in the two shapes GeoReport v2 specifies from the same fields: JSON (an array or object of
/// snake_case names) and XML (a root element holding one element per item, empty elements for nulls).
/// </summary>
public static class Open311Document
{
    /// <summary>A list of items: a JSON array, or <c>&lt;root&gt;&lt;item&gt;…&lt;/item&gt;&lt;/root&gt;</c>.</summary>
    public static IResult List(string format, string root, string item, IEnumerable<IReadOnlyList<Field>> items, int status = 200) =>
        format == "xml" ? Xml(w => { w.WriteStartElement(root); foreach (var i in items) { Element(w, item, i); } w.WriteEndElement(); }, status)
            : Json(w => { w.WriteStartArray(); foreach (var i in items) { Object(w, i); } w.WriteEndArray(); }, status);

    /// <summary>A single object: a JSON object, or <c>&lt;root&gt;…&lt;/root&gt;</c>.</summary>
    public static IResult Single(string format, string root, IReadOnlyList<Field> fields) =>
        format == "xml" ? Xml(w => Element(w, root, fields), 200) : Json(w => Object(w, fields), 200);

    /// <summary>Open311's errors: <c>[{code, description}]</c> or <c>&lt;errors&gt;&lt;error&gt;…</c>, with the HTTP status as the code.</summary>
    public static IResult Error(string format, int status, params string[] descriptions) =>
        List(format, "errors", "error", descriptions.Select(d => (IReadOnlyList<Field>)[new Field("code", status), new Field("description", d)]), status);

    public static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static IResult Json(Action<Utf8JsonWriter> write, int status)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(w);
        }

        return Results.Text(Encoding.UTF8.GetString(buffer.ToArray()), "application/json; charset=utf-8", Encoding.UTF8, status);
    }

    private static IResult Xml(Action<XmlWriter> write, int status)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            w.WriteStartDocument();
            write(w);
            w.WriteEndDocument();
        }

        // StringBuilder-backed writers declare UTF-16; the bytes sent are UTF-8, so say so.
        var text = sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
        return Results.Text(text, "text/xml; charset=utf-8", Encoding.UTF8, status);
    }

    private static void Object(Utf8JsonWriter w, IReadOnlyList<Field> fields)
    {
        w.WriteStartObject();
        foreach (var f in fields)
        {
            w.WritePropertyName(f.Name);
            switch (f.Value)
            {
                case null: w.WriteNullValue(); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case double d: w.WriteNumberValue(d); break;
                case FieldList list:
                    w.WriteStartArray();
                    foreach (var item in list.Items)
                    {
                        Object(w, item);
                    }

                    w.WriteEndArray();
                    break;
                default: w.WriteStringValue(Convert.ToString(f.Value, CultureInfo.InvariantCulture)); break;
            }
        }

        w.WriteEndObject();
    }

    private static void Element(XmlWriter w, string name, IReadOnlyList<Field> fields)
    {
        w.WriteStartElement(name);
        foreach (var f in fields)
        {
            w.WriteStartElement(f.Name);
            switch (f.Value)
            {
                case null: break;
                case bool b: w.WriteString(b ? "true" : "false"); break;
                case FieldList list:
                    foreach (var item in list.Items)
                    {
                        Element(w, list.Item, item);
                    }

                    break;
                default: w.WriteString(Convert.ToString(f.Value, CultureInfo.InvariantCulture)); break;
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }
}
