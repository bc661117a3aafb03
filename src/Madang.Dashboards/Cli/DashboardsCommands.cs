using System.CommandLine;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Modules;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;
using Madang.Dashboards.Export;
using Madang.Dashboards.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Text = Madang.Dashboards.Definition.Text;

namespace Madang.Dashboards.Cli;

/// <summary><c>dashboards list|import|export-config|export|import-stopcovid19|import-csv</c>: what the admin pages do, and exports.</summary>
internal static class DashboardsCommands
{
    private static readonly Actor Cli = new(null, "command line");

    public static Command Create(ICommandHost host)
    {
        var root = new Command("dashboards", "Regions, dashboards and their static export.");

        var list = new Command("list", "List regions and their dashboards.");
        list.SetAction((_, ct) => host.RunAsync(async (sp, token) =>
        {
            var table = new Table().AddColumns("region", "dashboards", "cards", "revision", "modified (UTC)");
            foreach (var r in await sp.GetRequiredService<RegionStore>().AllAsync(token))
            {
                table.AddRow(Markup.Escape(r.Row.Slug), Markup.Escape(string.Join(", ", r.File.Dashboards.Select(d => d.Slug))),
                    r.File.Dashboards.Sum(d => d.Cards.Count).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    r.Row.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Row.ModifiedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        }, ct));

        var file = new Argument<FileInfo>("FILE") { Description = "A region file (JSON or YAML), as export-config writes it" };
        var import = new Command("import", "Create a region from a region file, or replace its definition.") { file };
        import.SetAction((pr, ct) => host.RunAsync(async (sp, token) =>
        {
            var parsed = Parse(pr.GetValue(file)!);
            var (region, created) = await sp.GetRequiredService<RegionStore>().SaveAsync(parsed, Cli, token);
            Console.Out.WriteLine($"{(created ? "Created" : "Updated")} region {region.Row.Slug}: {region.File.Dashboards.Count} dashboard(s), {region.File.Dashboards.Sum(d => d.Cards.Count)} card(s).");
            return 0;
        }, ct));

        var slug = new Argument<string>("REGION") { Description = "The region's slug" };
        var yaml = new Option<bool>("--yaml") { Description = "Write YAML instead of JSON" };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output" };
        var exportConfig = new Command("export-config", "Write a region's definition as one file, to start a neighbouring region from.") { slug, yaml, output };
        exportConfig.SetAction((pr, ct) => host.RunAsync(async (sp, token) =>
        {
            var region = await sp.GetRequiredService<RegionStore>().FindAsync(pr.GetValue(slug)!, token)
                ?? throw new CommandFailedException($"No region has the slug {pr.GetValue(slug)}.");
            var text = pr.GetValue(yaml) ? RegionFiles.ToYaml(region.File) : RegionFiles.ToJson(region.File);
            if (pr.GetValue(output) is { } f)
            {
                await File.WriteAllTextAsync(f.FullName, text, token);
            }
            else
            {
                Console.Out.Write(text);
            }

            return 0;
        }, ct));

        var dir = new Argument<DirectoryInfo>("DIR") { Description = "The folder to write the site into (created if missing)" };
        var export = new Command("export", "Write every dashboard and card page of every region in every language, with its data, as static files.") { dir };
        export.SetAction((pr, ct) => host.ServeAsync(async (client, sp, token) =>
        {
            var regions = await sp.GetRequiredService<RegionStore>().AllAsync(token);
            if (regions.Count == 0)
            {
                throw new CommandFailedException("There is no region to export.");
            }

            StaticExport.Result result = default!;
            var started = System.Diagnostics.Stopwatch.StartNew();
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("export");
                result = await new StaticExport(client, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Madang.Core.Notifications.SiteLinks>().BaseUrl).RunAsync(regions, pr.GetValue(dir)!.FullName, new Progress<(int Done, int Total)>(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                }), token);
            });
            Console.Out.WriteLine($"Wrote {result.Pages} pages and {result.DataFiles} data files ({result.Bytes / 1024} KiB) in {started.Elapsed.TotalSeconds:0.0} s to {pr.GetValue(dir)!.FullName}.");
            return 0;
        }, ct));

        var data = new Argument<FileInfo>("FILE") { Description = "A stopcovid19 data.json" };
        var region = new Option<string>("--region") { Description = "The region's slug (created when missing)", Required = true };
        var org = new Option<string>("--org") { Description = "Code of the organisation that publishes the datasets", Required = true };
        var name = new Option<string?>("--name") { Description = "The region's name, when it is created" };
        var stopcovid = new Command("import-stopcovid19", "Read a stopcovid19 data.json into datasets and build the matching dashboard.") { data, region, org, name };
        stopcovid.SetAction((pr, ct) => host.RunAsync(async (sp, token) =>
        {
            await using var stream = Open(pr.GetValue(data)!);
            var slugValue = pr.GetValue(region)!;
            var result = Read(() => StopCovid19Reader.Read(stream, slugValue));
            return await PublishAsync(sp, result, slugValue, pr.GetValue(org)!, pr.GetValue(name), "covid19",
                Text.Of("코로나19 현황", "新型コロナウイルス感染症 対策サイト", "COVID-19 dashboard", "新冠肺炎疫情", "新冠肺炎疫情"), token);
        }, ct));

        var csvFile = new Argument<FileInfo>("FILE") { Description = "A CSV of Japan's standard COVID-19 open data items (陽性患者属性, 検査実施人数 …)" };
        var dataset = new Option<string>("--dataset") { Description = "The dataset name to publish it as", Required = true };
        var csv = new Command("import-csv", "Read a CSV of Japan's standard COVID-19 items into a dataset and add its cards to the region.") { csvFile, dataset, region, org, name };
        csv.SetAction((pr, ct) => host.RunAsync(async (sp, token) =>
        {
            await using var stream = Open(pr.GetValue(csvFile)!);
            var result = Read(() => JapanCovidCsvReader.Read(stream, pr.GetValue(dataset)!));
            return await PublishAsync(sp, result, pr.GetValue(region)!, pr.GetValue(org)!, pr.GetValue(name), pr.GetValue(dataset)!,
                result.Tables[0].Title, token);
        }, ct));

        root.Subcommands.Add(list);
        root.Subcommands.Add(import);
        root.Subcommands.Add(exportConfig);
        root.Subcommands.Add(export);
        root.Subcommands.Add(stopcovid);
        root.Subcommands.Add(csv);
        return root;
    }

    private static RegionFile Parse(FileInfo f)
    {
        if (!f.Exists)
        {
            throw new CommandFailedException($"{f.FullName}: no such file.");
        }

        try
        {
            return RegionFiles.Parse(File.ReadAllText(f.FullName));
        }
        catch (RegionFileException e)
        {
            throw new CommandFailedException($"{f.Name} cannot be used:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", e.Problems));
        }
    }

    private static FileStream Open(FileInfo f) => f.Exists ? f.OpenRead() : throw new CommandFailedException($"{f.FullName}: no such file.");

    private static ImportResult Read(Func<ImportResult> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ImportFormatException or ArgumentException)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    private static async Task<int> PublishAsync(IServiceProvider sp, ImportResult result, string region, string orgCode, string? name, string dashboard, Text title, CancellationToken ct)
    {
        var db = sp.GetRequiredService<MadangDbContext>();
        var orgId = await db.Organisations.Where(o => o.Code == orgCode).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct)
            ?? throw new CommandFailedException($"No organisation has the code {orgCode}.");
        foreach (var w in result.Warnings)
        {
            Console.Error.WriteLine("warning: " + w);
        }

        var outcome = await sp.GetRequiredService<ImportPublisher>().PublishAsync(result, region, Text.Same(name ?? region), dashboard, title, orgId, Cli, null, ct);
        Console.Out.WriteLine($"{result.Tables.Count} table(s): {outcome.DatasetsCreated} dataset(s) created, {outcome.VersionsAdded} new version(s), {outcome.Unchanged} unchanged; "
            + $"{result.Cards.Count} card(s) in {region}/{dashboard}{(outcome.RegionCreated ? " (region created)" : string.Empty)}. New versions load in the background.");
        return 0;
    }
}
