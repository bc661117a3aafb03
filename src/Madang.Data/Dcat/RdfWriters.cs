using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Madang.Data.Dcat;

/// <summary>Writes an <see cref="RdfGraph"/> as Turtle, JSON-LD or RDF/XML.</summary>
public static class RdfWriters
{
    public const string TurtleType = "text/turtle";
    public const string JsonLdType = "application/ld+json";
    public const string RdfXmlType = "application/rdf+xml";

    public static string Turtle(RdfGraph g)
    {
        var sb = new StringBuilder();
        foreach (var (p, ns) in RdfGraph.Prefixes)
        {
            sb.Append("@prefix ").Append(p).Append(": <").Append(ns).Append("> .\n");
        }

        foreach (var s in g.Subjects)
        {
            sb.Append('\n').Append(TurtleTerm(s));
            var first = true;
            foreach (var group in g.Statements(s).GroupBy(x => x.Predicate))
            {
                sb.Append(first ? "\n    " : " ;\n    ").Append(group.Key == "rdf:type" ? "a" : group.Key).Append(' ');
                sb.AppendJoin(",\n        ", group.Select(x => TurtleTerm(x.Object)));
                first = false;
            }

            sb.Append(" .\n");
        }

        return sb.ToString();
    }

    private static string TurtleTerm(RdfTerm t) => t switch
    {
        Iri i => "<" + EscapeIri(i.Value) + ">",
        BlankNode b => "_:" + b.Label,
        Literal l => "\"" + EscapeString(l.Value) + "\"" + (l.Language is { } lang ? "@" + lang : l.Datatype is { } dt ? "^^<" + EscapeIri(dt) + ">" : string.Empty),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    // Turtle's IRIREF forbids these characters; percent-encoding keeps the IRI's meaning.
    private static string EscapeIri(string iri)
    {
        var sb = new StringBuilder(iri.Length);
        foreach (var c in iri)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string EscapeString(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>JSON-LD with the prefixes as context and one node object per subject in <c>@graph</c>.</summary>
    public static string JsonLd(RdfGraph g)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("@context");
            foreach (var (p, ns) in RdfGraph.Prefixes)
            {
                w.WriteString(p, ns);
            }

            w.WriteEndObject();
            w.WriteStartArray("@graph");
            foreach (var s in g.Subjects)
            {
                w.WriteStartObject();
                w.WriteString("@id", Id(s));
                var types = g.Statements(s).Where(x => x.Predicate == "rdf:type").Select(x => ((Iri)x.Object).Value).ToList();
                if (types.Count > 0)
                {
                    w.WriteStartArray("@type");
                    types.ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                }

                foreach (var group in g.Statements(s).Where(x => x.Predicate != "rdf:type").GroupBy(x => x.Predicate))
                {
                    w.WriteStartArray(group.Key);
                    foreach (var (_, o) in group)
                    {
                        w.WriteStartObject();
                        switch (o)
                        {
                            case Literal l:
                                w.WriteString("@value", l.Value);
                                if (l.Language is { } lang)
                                {
                                    w.WriteString("@language", lang);
                                }
                                else if (l.Datatype is { } dt)
                                {
                                    w.WriteString("@type", dt);
                                }

                                break;
                            default:
                                w.WriteString("@id", Id(o));
                                break;
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Id(RdfTerm t) => t switch
    {
        Iri i => i.Value,
        BlankNode b => "_:" + b.Label,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>RDF/XML: one <c>rdf:Description</c> per subject, blank nodes by <c>rdf:nodeID</c>.</summary>
    public static string RdfXml(RdfGraph g)
    {
        const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("rdf", "RDF", RdfNs);
            foreach (var (p, ns) in RdfGraph.Prefixes.Where(x => x.Prefix != "rdf"))
            {
                w.WriteAttributeString("xmlns", p, null, ns);
            }

            foreach (var s in g.Subjects)
            {
                w.WriteStartElement("rdf", "Description", RdfNs);
                if (s is Iri si)
                {
                    w.WriteAttributeString("rdf", "about", RdfNs, si.Value);
                }
                else
                {
                    w.WriteAttributeString("rdf", "nodeID", RdfNs, ((BlankNode)s).Label);
                }

                foreach (var (predicate, o) in g.Statements(s))
                {
                    var colon = predicate.IndexOf(':', StringComparison.Ordinal);
                    var prefix = predicate[..colon];
                    var ns = RdfGraph.Prefixes.First(x => x.Prefix == prefix).Namespace;
                    w.WriteStartElement(prefix, predicate[(colon + 1)..], ns);
                    switch (o)
                    {
                        case Iri i:
                            w.WriteAttributeString("rdf", "resource", RdfNs, i.Value);
                            break;
                        case BlankNode b:
                            w.WriteAttributeString("rdf", "nodeID", RdfNs, b.Label);
                            break;
                        case Literal l:
                            if (l.Language is { } lang)
                            {
                                w.WriteAttributeString("xml", "lang", null, lang);
                            }
                            else if (l.Datatype is { } dt)
                            {
                                w.WriteAttributeString("rdf", "datatype", RdfNs, dt);
                            }

                            w.WriteString(XmlSafe(l.Value));
                            break;
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    // XML 1.0 cannot carry most control characters, even escaped; they are dropped rather than breaking the document.
    private static string XmlSafe(string s) => s.Any(c => c < ' ' && c is not '\n' and not '\r' and not '\t')
        ? new string(s.Where(c => c >= ' ' || c is '\n' or '\r' or '\t').ToArray())
        : s;
}
