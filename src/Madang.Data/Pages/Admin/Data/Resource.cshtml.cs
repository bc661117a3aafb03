using System.Globalization;
using System.Text.Json;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Pages.Admin.Data;

/// <summary>One resource for its publisher: versions with their reports, the datastore's state, a new upload, the Table Schema editor.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
[RequestSizeLimit(CatalogService.MaxUploadBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = CatalogService.MaxUploadBytes + (1024 * 1024))]
public sealed class DataResourceModel(MadangDbContext db, CatalogService catalog, IAuthorizationService authorization) : MadangPage
{
    /// <summary>Rows offered for new fields below the existing ones.</summary>
    public const int BlankFields = 1;

    /// <summary>One row of the schema editor, as posted.</summary>
    public sealed class FieldRow
    {
        public string? Name { get; set; }
        public string Type { get; set; } = "string";
        public string? Format { get; set; }
        public bool Required { get; set; }
        public bool Unique { get; set; }
        public bool Key { get; set; }
        public bool Remove { get; set; }
        public string? Enum { get; set; }
        public string? Minimum { get; set; }
        public string? Maximum { get; set; }
    }

    [BindProperty] public List<FieldRow> Fields { get; set; } = [];
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Changelog { get; set; }

    public Dataset Dataset { get; private set; } = default!;
    public DataResource Resource { get; private set; } = default!;
    public IReadOnlyList<ResourceVersion> Versions { get; private set; } = [];
    public IReadOnlyList<string> SchemaProblems { get; private set; } = [];

    public static ValidationReport? Report(ResourceVersion v)
    {
        if (v.ReportJson is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ValidationReport>(v.ReportJson, TableSchema.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        Fields = RowsOf(Resource.SchemaJson);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        if (Resource.Kind != ResourceKind.Upload)
        {
            return BadRequest();
        }

        if (Upload is null || Upload.Length == 0)
        {
            AddError("Upload", "data.error.upload.missing");
        }
        else if (!Formats.IsAccepted(Upload.FileName))
        {
            AddError("Upload", "data.error.upload.format", string.Join(", ", Formats.Extensions));
        }
        else if (Upload.Length > CatalogService.MaxUploadBytes)
        {
            AddError("Upload", "data.error.upload.size", Web.Sizes.Format(CatalogService.MaxUploadBytes));
        }

        if (!ModelState.IsValid)
        {
            Fields = RowsOf(Resource.SchemaJson);
            return Page();
        }

        try
        {
            await using var stream = Upload!.OpenReadStream();
            var v = await catalog.AddVersionAsync(Dataset, Resource, stream, Upload.FileName, string.IsNullOrWhiteSpace(Changelog) ? null : Changelog.Trim(), CurrentActor, ct);
            Flash = L["data.version.uploaded", v.Number];
        }
        catch (FileTooLargeException)
        {
            Flash = L["data.error.upload.size", Web.Sizes.Format(CatalogService.MaxUploadBytes)];
        }

        return Redirect(Href($"admin/data/resources/{Resource.Id}"));
    }

    public async Task<IActionResult> OnPostSchemaAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        var kept = Fields.Select((f, i) => (Row: f, Index: i)).Where(x => !x.Row.Remove && !(string.IsNullOrWhiteSpace(x.Row.Name) && x.Index >= Fields.Count - BlankFields && string.IsNullOrWhiteSpace(x.Row.Enum))).ToList();
        var schema = new TableSchema { MissingValues = Resource.SchemaJson is { } old ? TableSchema.FromJson(old).MissingValues : null };
        var numberTypes = new[] { "integer", "number", "year" };
        foreach (var (row, index) in kept)
        {
            var field = new TableField { Name = (row.Name ?? string.Empty).Trim(), Type = row.Type, Format = string.IsNullOrWhiteSpace(row.Format) ? null : row.Format.Trim() };
            var constraints = new FieldConstraints
            {
                Required = row.Required ? true : null,
                Unique = row.Unique ? true : null,
                Enum = string.IsNullOrWhiteSpace(row.Enum) ? null : row.Enum.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                Minimum = Bound(row.Minimum, numberTypes.Contains(row.Type)),
                Maximum = Bound(row.Maximum, numberTypes.Contains(row.Type)),
            };
            field.Constraints = constraints is { Required: null, Unique: null, Enum: null, Minimum: null, Maximum: null } ? null : constraints;
            schema.Fields.Add(field);
        }

        var keys = kept.Where(x => x.Row.Key).Select(x => (x.Row.Name ?? string.Empty).Trim()).ToList();
        schema.PrimaryKey = keys.Count == 0 ? null : keys;
        var problems = TableSchemaRules.Check(schema);
        if (problems.Count > 0)
        {
            foreach (var p in problems)
            {
                var message = (string)(p.Detail is null ? L["data.schema.error." + p.Code] : L["data.schema.error." + p.Code, p.Detail]);
                if (p.Field is { } fi)
                {
                    var rowIndex = kept[fi].Index;
                    ModelState.AddModelError($"Fields[{rowIndex}]", message);
                }
                else
                {
                    ModelState.AddModelError("Schema", message);
                }
            }

            return Page();
        }

        await catalog.SaveSchemaAsync(Dataset, Resource, schema, CurrentActor, ct);
        Flash = L["data.schema.saved"];
        return Redirect(Href($"admin/data/resources/{Resource.Id}#schema-heading"));
    }

    private static JsonElement? Bound(string? text, bool numeric)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        return numeric && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? JsonSerializer.SerializeToElement(n)
            : JsonSerializer.SerializeToElement(t);
    }

    private static List<FieldRow> RowsOf(string? schemaJson)
    {
        var rows = new List<FieldRow>();
        if (schemaJson is not null)
        {
            var schema = TableSchema.FromJson(schemaJson);
            var keys = schema.PrimaryKey ?? [];
            rows.AddRange(schema.Fields.Select(f => new FieldRow
            {
                Name = f.Name,
                Type = f.Type,
                Format = f.Format,
                Required = f.Constraints?.Required == true,
                Unique = f.Constraints?.Unique == true,
                Key = keys.Contains(f.Name),
                Enum = f.Constraints?.Enum is { } e ? string.Join(", ", e) : null,
                Minimum = BoundText(f.Constraints?.Minimum),
                Maximum = BoundText(f.Constraints?.Maximum),
            }));
        }

        rows.AddRange(Enumerable.Range(0, BlankFields).Select(_ => new FieldRow()));
        return rows;
    }

    private static string? BoundText(JsonElement? e) => e switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { } v => v.GetRawText(),
    };

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if ((await PublisherScope.OfAsync(db, User, ct)).IsEmpty)
        {
            return Forbid();
        }

        var datasetId = await db.Set<DataResource>().Where(x => x.Id == id && x.DeletedAt == null).Select(x => (Guid?)x.DatasetId).SingleOrDefaultAsync(ct);
        var d = datasetId is { } did ? await catalog.FindAsync(did.ToString(), ct: ct) : null;
        var r = d?.Resources.FirstOrDefault(x => x.Id == id);
        if (d is null || r is null)
        {
            return NotFound();
        }

        if (!await PublisherScope.MayPublishAsync(authorization, User, d.OrganisationId))
        {
            return Forbid();
        }

        Dataset = d;
        Resource = r;
        Versions = await db.Set<ResourceVersion>().AsNoTracking().Where(v => v.ResourceId == id).OrderByDescending(v => v.Number).ToListAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return null;
    }
}
