using System.Text;
using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Data;

/// <summary>Catalogue content made through the module's own services, uniquely named per test.</summary>
public static class DataSeed
{
    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<Dataset> DatasetAsync(MadangTestApp app, Organisation org, string name, string titleEn, string? titleKo = null,
        string[]? tags = null, string[]? themes = null, DatasetState state = DatasetState.Published, string license = "CC-BY-4.0")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        return await catalog.SaveAsync(new DatasetInput
        {
            Name = name,
            Title = new LocalizedText { En = titleEn, Ko = titleKo },
            Description = new LocalizedText { En = "About " + titleEn },
            OrganisationId = org.Id,
            LicenseId = license,
            Tags = tags ?? [],
            Themes = themes ?? [],
            ContactName = "Data Team",
            ContactEmail = "data@example.org",
            State = state,
        }, Actor.System);
    }

    public static async Task<DataResource> LinkAsync(MadangTestApp app, string dataset, string url, string format)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var d = (await catalog.FindAsync(dataset))!;
        return await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Link, LinkUrl = url, Format = format, Name = new LocalizedText { En = "Link" } }, Actor.System);
    }

    /// <summary>An uploaded file as version 1, marked accepted and live (what the version job does once it validates).</summary>
    public static async Task<(DataResource Resource, ResourceVersion Version)> UploadAsync(MadangTestApp app, string dataset, string fileName, string content,
        VersionStatus status = VersionStatus.Accepted)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var d = (await catalog.FindAsync(dataset))!;
        var r = d.Resources.FirstOrDefault(x => x.Kind == ResourceKind.Upload)
            ?? await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Upload, Name = new LocalizedText { En = "Counts" } }, Actor.System);
        // Written directly, without the version job: the test decides the outcome the validator would reach.
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var stored = await scope.ServiceProvider.GetRequiredService<IFileStore>().PutAsync(stream, CatalogService.MaxUploadBytes);
        var number = await db.Set<ResourceVersion>().CountAsync(x => x.ResourceId == r.Id) + 1;
        var v = new ResourceVersion
        {
            Id = Guid.NewGuid(), ResourceId = r.Id, Number = number, Sha256 = stored.Sha256, FileName = fileName,
            MediaType = Formats.MediaType(fileName), ByteSize = stored.Length, Status = status, CreatedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5),
        };
        db.Add(v);
        var tracked = await db.Set<DataResource>().SingleAsync(x => x.Id == r.Id);
        tracked.Format ??= Formats.FromFileName(fileName);
        if (status == VersionStatus.Accepted)
        {
            tracked.CurrentVersionId = v.Id;
        }

        await db.SaveChangesAsync();
        return (r, v);
    }

    /// <summary>Loads rows into the resource's datastore table through the real loader.</summary>
    public static async Task LoadRowsAsync(MadangTestApp app, Guid resourceId, Guid versionId, int rows)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<IDatastoreLoader>();
        var schema = new TableSchema { Fields = [new TableField { Name = "day", Type = "date" }, new TableField { Name = "district", Type = "string" }, new TableField { Name = "count", Type = "integer" }] };
        var start = new DateOnly(2020, 3, 1);
        await loader.LoadAsync(resourceId, versionId, schema,
            Enumerable.Range(0, rows).Select(i => new object?[] { start.AddDays(i), i % 2 == 0 ? "Mapo" : "Jongno", (long)i }), null);
    }

    public static async Task<string> KeyAsync(MadangTestApp app, Guid organisationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = scope.ServiceProvider.GetRequiredService<ApiKeyService>().Create(organisationId, Unique("key"), Actor.System);
        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        return secret;
    }

    public static async Task<Dataset> ReloadAsync(MadangTestApp app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<Dataset>().AsNoTracking()
            .Include(d => d.Tags).Include(d => d.Themes).SingleAsync(d => d.Name == name);
    }
}
