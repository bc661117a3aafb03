using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Madang.Core.Audit;
using Madang.Core.Modules;
using Madang.Participation.Panels;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Madang.Participation.Cli;

/// <summary><c>participation process import|list|export</c>, <c>participation sweep</c>, <c>participation panel verify</c>.</summary>
internal static class ParticipationCommands
{
    private static readonly Actor Operator = new(null, "cli");

    public static Command Create(ICommandHost host)
    {
        var root = new Command("participation", "Participation: processes and their ladders, deadlines, panel draws.");
        root.Subcommands.Add(ProcessCommand(host));
        root.Subcommands.Add(Sweep(host));
        root.Subcommands.Add(PanelCommand());
        root.Subcommands.Add(OpenDataCommand(host));
        return root;
    }

    private static Command ProcessCommand(ICommandHost host)
    {
        var process = new Command("process", "Define processes: their ladder of thresholds, windows and deadlines.");
        var file = new Argument<FileInfo>("file") { Description = "A process definition, YAML or JSON (see docs/decisions/0013)." };
        var import = new Command("import", "Add a process or replace its definition (the slug names it).") { file };
        import.SetAction((r, ct) => host.RunAsync(async (sp, c) =>
        {
            var f = r.GetValue(file)!;
            if (!f.Exists)
            {
                throw new CommandFailedException($"{f.FullName} does not exist.");
            }

            try
            {
                var p = await sp.GetRequiredService<ProcessStore>().SaveAsync(await File.ReadAllTextAsync(f.FullName, c), Operator, c);
                AnsiConsole.MarkupLineInterpolated($"Process [bold]{p.Slug}[/] saved (revision {p.Revision}).");
                return 0;
            }
            catch (ProcessFileException e)
            {
                foreach (var problem in e.Problems)
                {
                    Console.Error.WriteLine(problem);
                }

                return 1;
            }
        }, ct));

        var list = new Command("list", "List processes.");
        list.SetAction((_, ct) => host.RunAsync(async (sp, c) =>
        {
            var table = new Table().AddColumns("slug", "title", "open", "ladder");
            foreach (var p in await sp.GetRequiredService<ProcessStore>().ListAsync(c))
            {
                var ladder = string.Join(" → ", ProcessStore.Definition(p).Ladder.Select(s => $"{s.Threshold} {(s.CountsParticipants ? "participants" : "supports")}: {s.Then}"));
                table.AddRow(Markup.Escape(p.Slug), Markup.Escape(p.Title.Get("en")), p.IsOpen ? "yes" : "no", Markup.Escape(ladder));
            }

            AnsiConsole.Write(table);
            return 0;
        }, ct));

        var slug = new Argument<string>("slug");
        var export = new Command("export", "Print a process's definition as stored.") { slug };
        export.SetAction((r, ct) => host.RunAsync(async (sp, c) =>
        {
            var p = await sp.GetRequiredService<ProcessStore>().FindAsync(r.GetValue(slug)!, c)
                ?? throw new CommandFailedException($"No process '{r.GetValue(slug)}'.");
            Console.Out.Write(p.Definition);
            return 0;
        }, ct));
        process.Subcommands.Add(import);
        process.Subcommands.Add(list);
        process.Subcommands.Add(export);
        return process;
    }

    private static Command Sweep(ICommandHost host)
    {
        var cmd = new Command("sweep", "Run the deadline sweep now: reminders, escalations, closed windows (workers also run it on a schedule).");
        cmd.SetAction((_, ct) => host.RunAsync(async (sp, c) =>
        {
            var r = await sp.GetRequiredService<DeadlineSweeper>().SweepAsync(c);
            Console.WriteLine($"advanced {r.Advanced}, reminded {r.Reminded}, escalated {r.Escalated}, recounted {r.Recounted}, consultations announced {r.Announced}");
            return 0;
        }, ct));
        return cmd;
    }

    private static Command OpenDataCommand(ICommandHost host)
    {
        var org = new Option<string>("--org") { Description = "The organisation code the datasets are published under.", Required = true };
        var cmd = new Command("open-data", "Publish proposals, answers and consultation results as open data in the catalogue (anonymous; a new version only when rows changed).") { org };
        cmd.SetAction((r, ct) => host.RunAsync(async (sp, c) =>
        {
            var code = r.GetValue(org)!;
            var db = sp.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            var id = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
                db.Organisations.Where(o => o.Code == code).Select(o => (Guid?)o.Id), c) ?? throw new CommandFailedException($"No organisation has the code '{code}'.");
            var added = await sp.GetRequiredService<OpenData.ParticipationOpenData>().PublishAsync(id, c);
            Console.WriteLine($"{added} dataset(s) got a new version; {3 - added} unchanged.");
            return 0;
        }, ct));
        return cmd;
    }

    private static Command PanelCommand()
    {
        var panel = new Command("panel", "Agenda-selection panels.");
        var volunteers = new Option<FileInfo>("--volunteers") { Description = "The published volunteer list (CSV: number,district,age_band,gender).", Required = true };
        var seed = new Option<string>("--seed") { Description = "The published seed.", Required = true };
        var size = new Option<int>("--size") { Description = "How many members the panel has.", Required = true };
        var verify = new Command("verify", "Run a panel draw again from its published list and seed, and print the numbers drawn.") { volunteers, seed, size };
        verify.SetAction(r =>
        {
            var f = r.GetValue(volunteers)!;
            if (!f.Exists)
            {
                Console.Error.WriteLine($"{f.FullName} does not exist.");
                return 1;
            }

            try
            {
                var rows = ReadVolunteers(f.FullName);
                var drawn = PanelDraw.Draw(rows, r.GetValue(size), r.GetValue(seed)!);
                Console.WriteLine(string.Join(",", drawn));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IndexOutOfRangeException)
            {
                Console.Error.WriteLine($"{f.Name}: {e.Message.Split('\n')[0]}");
                return 1;
            }
        });
        panel.Subcommands.Add(verify);
        return panel;
    }

    private static readonly string[] VolunteerColumns = ["number", "district", "age_band", "gender"];

    internal static List<VolunteerRow> ReadVolunteers(string path)
    {
        using var reader = CsvReader.Create(new StreamReader(path), new CsvReaderOptions { Separator = ',', HasHeader = false });
        var rows = new List<VolunteerRow>();
        int[]? at = null;
        while (reader.Read())
        {
            var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim()).ToArray();
            if (at is null)
            {
                var header = fields.Select(f => f.ToLowerInvariant()).ToList();
                at = VolunteerColumns.Select(h => header.IndexOf(h)).ToArray();
                if (at.Any(i => i < 0))
                {
                    throw new FormatException("The header must name number, district, age_band and gender.");
                }

                continue;
            }

            rows.Add(new VolunteerRow(int.Parse(fields[at[0]], CultureInfo.InvariantCulture), fields[at[1]], fields[at[2]], fields[at[3]]));
        }

        return rows;
    }
}
