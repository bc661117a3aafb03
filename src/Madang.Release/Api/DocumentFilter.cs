using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Web;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Api;

/// <summary>What a reader narrows the published list by: department (with those under it), type, disclosure class, approval dates.</summary>
public sealed record DocumentFilter(string? Department, DocumentType? Type, DisclosureClass? Disclosure, DateOnly? From, DateOnly? To)
{
    public static readonly DocumentFilter None = new(null, null, null, null, null);

    /// <summary>Reads the filter as the API and the page receive it, with the manifest's words for type and class.</summary>
    public static (DocumentFilter Filter, IReadOnlyList<string> Errors) Parse(string? department, string? type, string? disclosure, string? from, string? to)
    {
        var errors = new List<string>();
        DocumentType? t = null;
        DisclosureClass? c = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            if (IntakeMetadata.Types.TryGetValue(type.Trim(), out var v) || Enum.TryParse(type.Trim(), ignoreCase: true, out v))
            {
                t = v;
            }
            else
            {
                errors.Add($"type '{type}' is not one of {string.Join(", ", IntakeMetadata.Types.Keys)}");
            }
        }

        if (!string.IsNullOrWhiteSpace(disclosure))
        {
            if (IntakeMetadata.Classes.TryGetValue(disclosure.Trim(), out var v) || Enum.TryParse(disclosure.Trim(), ignoreCase: true, out v))
            {
                c = v;
            }
            else
            {
                errors.Add($"disclosure '{disclosure}' is not one of {string.Join(", ", IntakeMetadata.Classes.Keys)}");
            }
        }

        DateOnly? Day(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            errors.Add($"{name} '{value}' is not a date (yyyy-MM-dd)");
            return null;
        }

        var f = Day(from, "from");
        var e = Day(to, "to");
        if (f is { } ff && e is { } ee && ee < ff)
        {
            errors.Add("to is before from");
        }

        return (new DocumentFilter(string.IsNullOrWhiteSpace(department) ? null : department.Trim(), t, c, f, e), errors);
    }

    /// <summary>The query string that reproduces this filter (for paging links).</summary>
    public string Query() =>
        string.Join('&', new[]
        {
            ("department", Department), ("type", Type?.ToString()), ("disclosure", Disclosure?.ToString()),
            ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        }.Where(p => p.Item2 is not null).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
}

/// <summary>The published list, shared by the API and the pages: filtered, newest publication first, keyset paging.</summary>
internal static class ReleaseApiPaging
{
    public static async Task<ReleaseApi.DocumentPage> PageAsync(MadangDbContext db, SiteTime time, DocumentFilter filter, string? after, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, 100);
        var q = ReleaseApi.Public(db);
        if (filter.Department is { } code)
        {
            var org = await db.Organisations.AsNoTracking().Where(o => o.Code == code).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
            if (org is null)
            {
                return new ReleaseApi.DocumentPage([], null);
            }

            var tree = await OrganisationTree.DescendantsAndSelfAsync(db, org.Value, ct);
            q = q.Where(x => tree.Contains(x.Doc.OrganisationId));
        }

        if (filter.Type is { } type)
        {
            q = q.Where(x => x.Doc.Type == type);
        }

        if (filter.Disclosure is { } disclosure)
        {
            q = q.Where(x => x.Doc.Disclosure == disclosure);
        }

        if (filter.From is { } from)
        {
            var start = time.StartOfDay(from);
            q = q.Where(x => x.Doc.ApprovedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = time.StartOfDay(to.AddDays(1));
            q = q.Where(x => x.Doc.ApprovedAt < end);
        }

        if (Keyset.TryParse(after, out var key))
        {
            // Publication times carry 100 ns ticks, so they practically never tie; the id only orders a tie.
            q = q.Where(x => x.Doc.PublishedAt < key.At);
        }

        var rows = await q.OrderByDescending(x => x.Doc.PublishedAt).ThenByDescending(x => x.Doc.Id).Take(limit + 1).ToListAsync(ct);
        var ids = rows.Take(limit).Select(x => x.Doc.Id).ToList();
        var keywords = await Processing.Keywords.OfAsync(db, ids, ct);
        var items = rows.Take(limit).Select(x => ReleaseApi.Dto(x.Doc, x.Code, withText: false, keywords.GetValueOrDefault(x.Doc.Id))).ToList();
        var next = rows.Count > limit ? Keyset.Format(rows[limit - 1].Doc.PublishedAt!.Value, rows[limit - 1].Doc.Id) : null;
        return new ReleaseApi.DocumentPage(items, next);
    }
}
