using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Domain;

namespace Madang.Data.Dcat;

/// <summary>
/// Describes the catalogue in DCAT-AP 3: the catalogue (title, description, publisher, datasets), each dataset (title,
/// description, contact point, distributions, keywords, publisher, themes, temporal, spatial …) and each distribution
/// (access and download URL, format, media type, licence, byte size).
/// </summary>
public sealed class DcatBuilder(string root)
{
    /// <summary>The stable URI of a dataset: by id, so renaming a dataset keeps its identity (ckanext-dcat does the same).</summary>
    public string DatasetUri(Dataset d) => $"{root}/dataset/{d.Id}";

    public string DistributionUri(Dataset d, DataResource r) => $"{root}/dataset/{d.Id}/resource/{r.Id}";

    public string LandingPage(Dataset d) => $"{root}/{SiteCultures.Default}/datasets/{d.Name}";

    public string OrganisationUri(Organisation o) => $"{root}/organisations/{Uri.EscapeDataString(o.Code)}";

    public string CatalogUri => root + "/catalog";

    /// <summary>The catalogue node with the datasets of this page, plus hydra paging when there is more than one page.</summary>
    public void AddCatalog(RdfGraph g, string title, string description, Organisation? publisher, IEnumerable<Dataset> page,
        DateTimeOffset? modified, int pageNumber, int pageCount, int totalItems, string pageUrlFormat)
    {
        var cat = new Iri(CatalogUri);
        g.Type(cat, "dcat:Catalog");
        g.Add(cat, "dct:title", title, "en");
        g.Add(cat, "dct:description", description, "en");
        g.Add(cat, "foaf:homepage", new Iri(root + "/"));
        foreach (var code in SiteCultures.All.Select(LanguageCode).Distinct(StringComparer.Ordinal))
        {
            g.Add(cat, "dct:language", new Iri("http://publications.europa.eu/resource/authority/language/" + code));
        }

        if (modified is { } m)
        {
            g.Add(cat, "dct:modified", RdfGraph.DateTime(m));
        }

        if (publisher is not null)
        {
            g.Add(cat, "dct:publisher", new Iri(OrganisationUri(publisher)));
        }

        foreach (var d in page)
        {
            g.Add(cat, "dcat:dataset", new Iri(DatasetUri(d)));
        }

        if (pageCount > 1)
        {
            var paging = new Iri(string.Format(System.Globalization.CultureInfo.InvariantCulture, pageUrlFormat, pageNumber));
            g.Type(paging, "hydra:PagedCollection");
            g.Add(paging, "hydra:totalItems", new Literal(totalItems.ToString(System.Globalization.CultureInfo.InvariantCulture), Datatype: RdfGraph.Expand("xsd:integer")));
            g.Add(paging, "hydra:itemsPerPage", new Literal(DcatEndpoints.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Datatype: RdfGraph.Expand("xsd:integer")));
            g.Add(paging, "hydra:firstPage", string.Format(System.Globalization.CultureInfo.InvariantCulture, pageUrlFormat, 1));
            g.Add(paging, "hydra:lastPage", string.Format(System.Globalization.CultureInfo.InvariantCulture, pageUrlFormat, pageCount));
            if (pageNumber > 1)
            {
                g.Add(paging, "hydra:previousPage", string.Format(System.Globalization.CultureInfo.InvariantCulture, pageUrlFormat, pageNumber - 1));
            }

            if (pageNumber < pageCount)
            {
                g.Add(paging, "hydra:nextPage", string.Format(System.Globalization.CultureInfo.InvariantCulture, pageUrlFormat, pageNumber + 1));
            }
        }
    }

    /// <summary>A dataset with its distributions, publisher and contact point.</summary>
    public void AddDataset(RdfGraph g, Dataset d, Organisation org, IReadOnlyDictionary<Guid, ResourceVersion> currentVersions, string datasetName)
    {
        var ds = new Iri(DatasetUri(d));
        g.Type(ds, "dcat:Dataset");
        AddTexts(g, ds, "dct:title", d.Title);
        AddTexts(g, ds, "dct:description", d.Description);
        if (!d.Description.All().Any())
        {
            // dct:description is mandatory in DCAT-AP; the title stands in rather than leaving a dataset non-conformant.
            AddTexts(g, ds, "dct:description", d.Title);
        }

        g.Add(ds, "dct:identifier", d.Id.ToString());
        g.Add(ds, "dcat:landingPage", new Iri(LandingPage(d)));
        g.Add(ds, "dct:issued", RdfGraph.DateTime(d.CreatedAt));
        g.Add(ds, "dct:modified", RdfGraph.DateTime(d.ModifiedAt));
        foreach (var t in d.Tags)
        {
            g.Add(ds, "dcat:keyword", t.Name);
        }

        foreach (var t in d.Themes)
        {
            g.Add(ds, "dcat:theme", new Iri(Themes.Uri(t.Code)));
        }

        if (d.Frequency is { } f)
        {
            g.Add(ds, "dct:accrualPeriodicity", new Iri(Frequencies.Uri(f)));
        }

        if (d.Version is { } v)
        {
            g.Add(ds, "dcat:version", v);
        }

        if (d.Source is { } src && Uri.TryCreate(src, UriKind.Absolute, out _))
        {
            g.Add(ds, "dct:source", new Iri(src));
        }

        var publisher = new Iri(OrganisationUri(org));
        g.Add(ds, "dct:publisher", publisher);
        g.Type(publisher, "foaf:Organization");
        AddTexts(g, publisher, "foaf:name", org.Name);

        // A contact point is mandatory in practice (DCAT-AP recommends it); without a named contact, the organisation is it.
        var contact = g.NewBlank();
        g.Add(ds, "dcat:contactPoint", contact);
        g.Type(contact, "vcard:Organization");
        if (d.ContactName is { } cn)
        {
            g.Add(contact, "vcard:fn", cn);
        }
        else
        {
            g.Add(contact, "vcard:fn", org.Name.Get(SiteCultures.Default));
        }

        if (d.ContactEmail is { } email)
        {
            g.Add(contact, "vcard:hasEmail", new Iri("mailto:" + email));
        }

        g.Add(contact, "vcard:hasURL", new Iri(OrganisationUri(org)));

        if (d.TemporalStart is not null || d.TemporalEnd is not null)
        {
            var period = g.NewBlank();
            g.Add(ds, "dct:temporal", period);
            g.Type(period, "dct:PeriodOfTime");
            if (d.TemporalStart is { } start)
            {
                g.Add(period, "dcat:startDate", RdfGraph.Date(start));
            }

            if (d.TemporalEnd is { } end)
            {
                g.Add(period, "dcat:endDate", RdfGraph.Date(end));
            }
        }

        if (d.Spatial is { } spatial)
        {
            var place = g.NewBlank();
            g.Add(ds, "dct:spatial", place);
            g.Type(place, "dct:Location");
            g.Add(place, "skos:prefLabel", spatial);
        }

        var license = Licenses.Find(d.LicenseId);
        foreach (var r in d.Resources.Where(r => r.DeletedAt == null).OrderBy(r => r.Position))
        {
            var dist = new Iri(DistributionUri(d, r));
            g.Add(ds, "dcat:distribution", dist);
            g.Type(dist, "dcat:Distribution");
            AddTexts(g, dist, "dct:title", r.Name);
            AddTexts(g, dist, "dct:description", r.Description);
            currentVersions.TryGetValue(r.Id, out var version);
            // A link is where the data can be reached (accessURL); only a file kept here is known to be a direct download.
            var download = r.Kind == ResourceKind.Upload && version is not null ? $"{root}/datasets/{datasetName}/resources/{r.Id}/download" : null;
            var access = download ?? (Uri.TryCreate(r.LinkUrl, UriKind.Absolute, out _) ? r.LinkUrl! : LandingPage(d));
            g.Add(dist, "dcat:accessURL", new Iri(access));
            if (download is not null)
            {
                g.Add(dist, "dcat:downloadURL", new Iri(download));
            }

            if (r.Format is { } format)
            {
                g.Add(dist, "dct:format", new Iri("http://publications.europa.eu/resource/authority/file-type/" + format.ToUpperInvariant()));
            }

            if (version is not null)
            {
                g.Add(dist, "dcat:mediaType", new Iri("https://www.iana.org/assignments/media-types/" + version.MediaType));
                g.Add(dist, "dcat:byteSize", RdfGraph.NonNegative(version.ByteSize));
                g.Add(dist, "dct:modified", RdfGraph.DateTime(version.CreatedAt));
                var checksum = g.NewBlank();
                g.Add(dist, "spdx:checksum", checksum);
                g.Type(checksum, "spdx:Checksum");
                g.Add(checksum, "spdx:algorithm", new Iri("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"));
                g.Add(checksum, "spdx:checksumValue", new Literal(version.Sha256, Datatype: RdfGraph.Expand("xsd:hexBinary")));
            }

            if (license is not null)
            {
                g.Add(dist, "dct:license", new Iri(license.Url.Length > 0 ? license.Url : $"{root}/licenses/{license.Id}"));
            }
        }
    }

    private static void AddTexts(RdfGraph g, RdfTerm s, string predicate, LocalizedText text)
    {
        foreach (var lang in SiteCultures.All)
        {
            g.Add(s, predicate, text[lang], lang);
        }
    }

    // The EU language authority uses ISO 639-2/B codes; Chinese in both scripts is one language there.
    private static string LanguageCode(string culture) => culture switch
    {
        "ko" => "KOR",
        "ja" => "JPN",
        "en" => "ENG",
        _ => "ZHO",
    };
}
