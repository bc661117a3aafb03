using System.Text.Json;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Jobs;
using Madang.Core.Web;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Madang.Data.Tabular;

/// <summary>
/// <see cref="CatalogService.ProcessVersionJob"/>: validates an uploaded version (inferring the resource's schema from its first
/// tabular upload), accepts or rejects it, and loads an accepted live version into the datastore with visible progress.
/// </summary>
/// <remarks>
/// The decision (status, report, schema, live version) commits before the load starts, so a retry after a crash finds the
/// version decided and only redoes the load, which the loader makes all-or-nothing. A rejected upload changes nothing else:
/// the live version and its datastore table stay. The schema of a first upload is inferred from every row, not a sample, so
/// an upload is never rejected by a guess made from its own first rows; it is kept only when that upload is accepted.
/// </remarks>
public sealed class ProcessVersionJob(IFileStore files, ILogger<ProcessVersionJob> logger) : IJobHandler
{
    /// <summary>Rows between two reports of the job's progress.</summary>
    public const int ProgressEvery = 10_000;

    public async Task ExecuteAsync(JobContext context)
    {
        var ct = context.CancellationToken;
        var db = context.Db;
        var id = context.Payload<VersionPayload>().VersionId;
        var version = await db.Set<ResourceVersion>().SingleOrDefaultAsync(v => v.Id == id, ct);
        var resource = version is null ? null : await db.Set<DataResource>().SingleOrDefaultAsync(r => r.Id == version.ResourceId, ct);
        if (version is null || resource is null)
        {
            return; // deleted since the upload
        }

        var zone = context.Services.GetService<SiteTime>()?.Zone ?? TimeZoneInfo.Utc;
        var format = Formats.FromFileName(version.FileName);
        var tabular = TabularReader.CanRead(format);
        if (version.Status == VersionStatus.Pending)
        {
            if (tabular)
            {
                await ValidateAsync(resource, version, format!, zone, ct);
            }
            else
            {
                version.Status = VersionStatus.Accepted;
            }

            await db.SaveChangesAsync(ct);
            if (version.Status == VersionStatus.Accepted)
            {
                await MakeLiveIfNewerAsync(db, resource, version, ct);
            }
        }

        if (tabular && version.Status == VersionStatus.Accepted && resource.CurrentVersionId == version.Id
            && resource.DatastoreVersionId != version.Id && resource.SchemaJson is not null
            && context.Services.GetService<IDatastoreLoader>() is { } loader)
        {
            await LoadAsync(context, loader, resource, version, format!, zone);
        }
    }

    private async Task ValidateAsync(DataResource resource, ResourceVersion version, string format, TimeZoneInfo zone, CancellationToken ct)
    {
        ValidationReport report;
        TableSchema? schema = null;
        try
        {
            if (resource.SchemaJson is null)
            {
                using var sample = await OpenAsync(version, format, ct);
                schema = SchemaInference.Infer(sample, maxRows: null, ct: ct);
            }
            else
            {
                schema = TableSchema.FromJson(resource.SchemaJson);
            }

            using var reader = await OpenAsync(version, format, ct);
            report = new TableValidator(schema, zone).Validate(reader, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException or FormatException
            or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or CsvHelper.CsvFormatException or System.Xml.XmlException)
        {
            // The file (or a hand-edited schema) cannot be read at all: a publisher's problem to fix, not a job to retry.
            logger.LogInformation("Version {VersionId} could not be read as {Format} ({ErrorType}).", version.Id, format, ex.GetType().Name);
            report = new ValidationReport();
            report.Errors.Add(new ValidationError("unreadable", null, null, ex is JsonException
                ? "The resource's schema is not a valid Table Schema; correct it and upload again."
                : $"The file could not be read as {format}. Save it again as {format} (for CSV: comma, semicolon, tab or | separated text)."));
            report.ErrorCount = 1;
        }

        version.ReportJson = JsonSerializer.Serialize(report, TableSchema.Json);
        version.RowCount = report.RowCount;
        version.Status = report.Valid ? VersionStatus.Accepted : VersionStatus.Rejected;
        if (report.Valid && resource.SchemaJson is null && schema is not null)
        {
            resource.SchemaJson = schema.ToJson();
        }
    }

    /// <summary>
    /// Makes the version current unless a newer one already is, in one conditional update: two workers processing two
    /// versions of a resource at once must not let the older one win by saving last (a read-then-write did, on the demo).
    /// </summary>
    private static async Task MakeLiveIfNewerAsync(MadangDbContext db, DataResource resource, ResourceVersion version, CancellationToken ct)
    {
        var number = version.Number;
        await db.Set<DataResource>()
            .Where(r => r.Id == resource.Id && (r.CurrentVersionId == null
                || db.Set<ResourceVersion>().Any(v => v.Id == r.CurrentVersionId && v.Number < number)))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CurrentVersionId, version.Id), ct);
        await db.Entry(resource).ReloadAsync(ct);
    }

    private async Task LoadAsync(JobContext context, IDatastoreLoader loader, DataResource resource, ResourceVersion version, string format, TimeZoneInfo zone)
    {
        var ct = context.CancellationToken;
        var schema = TableSchema.FromJson(resource.SchemaJson!);
        // The loader keeps the resource's datastore state, progress and live table itself (each in its own short update),
        // so this job only reports its percentage; the resource row it loaded is left untouched here.
        var progress = new JobProgress(context, version.RowCount ?? 0);
        try
        {
            using var reader = await OpenAsync(version, format, ct);
            await loader.LoadAsync(resource.Id, version.Id, schema, new TableValidator(schema, zone).Rows(reader, ct), progress, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The loader left the previous table live; the job is retried, and a retry only redoes the load.
            logger.LogWarning("Loading version {VersionId} into the datastore failed ({ErrorType}).", version.Id, ex.GetType().Name);
            throw new JobFailedException($"Loading version {version.Number} into the datastore failed ({ex.GetType().Name}); it will be tried again.");
        }
        finally
        {
            await progress.DrainAsync();
        }
    }

    private async Task<TabularReader> OpenAsync(ResourceVersion version, string format, CancellationToken ct)
    {
        var stream = await files.OpenReadAsync(version.Sha256, ct) ?? throw new JobFailedException("The uploaded file is missing from the file store.");
        try
        {
            return await TabularReader.OpenAsync(stream, format, ct);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reports the job's percentage every <see cref="ProgressEvery"/> rows, never holding up the load to do it.</summary>
    private sealed class JobProgress(JobContext context, long total) : IProgress<long>
    {
        private Task pending = Task.CompletedTask;
        private long saved;

        public void Report(long value)
        {
            if (total <= 0 || value - saved < ProgressEvery || !pending.IsCompleted)
            {
                return;
            }

            saved = value;
            pending = context.ReportProgressAsync((int)Math.Min(99, value * 100 / total));
        }

        public async Task DrainAsync()
        {
            try
            {
                await pending;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or OperationCanceledException or System.Data.Common.DbException)
            {
                // Progress is for show: a failed update must not fail the load.
            }
        }
    }
}
