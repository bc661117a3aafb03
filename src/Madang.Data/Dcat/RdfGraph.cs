namespace Madang.Data.Dcat;

/// <summary>A term of an RDF statement: an IRI, a blank node, or a literal with a language or a datatype.</summary>
public abstract record RdfTerm;

/// <summary>An absolute IRI.</summary>
public sealed record Iri(string Value) : RdfTerm;

/// <summary>A blank node, labelled within one document.</summary>
public sealed record BlankNode(string Label) : RdfTerm;

/// <summary>A literal: plain, language-tagged or typed (a datatype IRI).</summary>
public sealed record Literal(string Value, string? Language = null, string? Datatype = null) : RdfTerm;

/// <summary>
/// A small RDF graph kept in insertion order, grouped by subject so every serialisation writes each resource once.
/// The catalogue needs only writing, so this is the whole of it (no RDF library is served here).
/// </summary>
public sealed class RdfGraph
{
    private readonly Dictionary<RdfTerm, List<(string Predicate, RdfTerm Object)>> bySubject = [];
    private readonly List<RdfTerm> subjects = [];
    private int blankCount;

    /// <summary>Prefixes the writers use to shorten IRIs (and declare in Turtle, JSON-LD and RDF/XML).</summary>
    public static readonly IReadOnlyList<(string Prefix, string Namespace)> Prefixes =
    [
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("dcat", "http://www.w3.org/ns/dcat#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("adms", "http://www.w3.org/ns/adms#"),
        ("hydra", "http://www.w3.org/ns/hydra/core#"),
        ("spdx", "http://spdx.org/rdf/terms#"),
    ];

    public IReadOnlyList<RdfTerm> Subjects => subjects;

    public IReadOnlyList<(string Predicate, RdfTerm Object)> Statements(RdfTerm subject) => bySubject[subject];

    public BlankNode NewBlank() => new("b" + (++blankCount).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Adds (subject, predicate, object); the predicate is a prefixed name such as <c>dct:title</c>.</summary>
    public RdfGraph Add(RdfTerm subject, string predicate, RdfTerm? obj)
    {
        if (obj is null || obj is Literal { Value.Length: 0 })
        {
            return this;
        }

        if (!bySubject.TryGetValue(subject, out var list))
        {
            list = [];
            bySubject[subject] = list;
            subjects.Add(subject);
        }

        list.Add((predicate, obj));
        return this;
    }

    public RdfGraph Add(RdfTerm subject, string predicate, string? literal, string? language = null) =>
        string.IsNullOrWhiteSpace(literal) ? this : Add(subject, predicate, new Literal(literal, language));

    public RdfGraph Type(RdfTerm subject, string type) => Add(subject, "rdf:type", new Iri(Expand(type)));

    /// <summary>The full IRI of a prefixed name (or the value itself when it is already absolute).</summary>
    public static string Expand(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var prefix = name[..colon];
            foreach (var (p, ns) in Prefixes)
            {
                if (p == prefix)
                {
                    return ns + name[(colon + 1)..];
                }
            }
        }

        return name;
    }

    /// <summary>Typed literal helpers for the datatypes DCAT uses.</summary>
    public static Literal Date(DateOnly d) => new(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Datatype: Expand("xsd:date"));

    public static Literal DateTime(DateTimeOffset d) =>
        new(d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), Datatype: Expand("xsd:dateTime"));

    public static Literal NonNegative(long n) =>
        new(n.ToString(System.Globalization.CultureInfo.InvariantCulture), Datatype: Expand("xsd:nonNegativeInteger"));
}
