using System.CommandLine;
using Madang.Core.Audit;
using Madang.Core.Modules;
using Madang.Requests.Requests;
using Madang.Requests.Rules;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Madang.Requests.Cli;

/// <summary><c>requests rules import|export</c>, <c>requests sweep</c>, <c>requests holidays YEAR</c>.</summary>
internal static class RequestsCommands
{
    private static readonly Actor Operator = new(null, "cli");

    public static Command Create(ICommandHost host)
    {
        var root = new Command("requests", "Requests: the rules file, deadlines and holiday calendars.");
        var rules = new Command("rules", "The rules file: deadlines in working days, holidays, categories.");
        var file = new Argument<FileInfo>("file") { Description = "A rules file, YAML or JSON (see docs/decisions/0014)." };
        var import = new Command("import", "Replace the rules file.") { file };
        import.SetAction((r, ct) => host.RunAsync(async (sp, c) =>
        {
            var f = r.GetValue(file)!;
            if (!f.Exists)
            {
                throw new CommandFailedException($"{f.FullName} does not exist.");
            }

            try
            {
                var revision = await sp.GetRequiredService<RulesStore>().SaveAsync(await File.ReadAllTextAsync(f.FullName, c), Operator, c);
                AnsiConsole.MarkupLineInterpolated($"Rules saved (revision {revision}).");
                return 0;
            }
            catch (RulesFileException e)
            {
                foreach (var problem in e.Problems)
                {
                    Console.Error.WriteLine(problem);
                }

                return 1;
            }
        }, ct));
        var export = new Command("export", "Print the rules file in force.");
        export.SetAction((_, ct) => host.RunAsync(async (sp, c) =>
        {
            Console.Write((await sp.GetRequiredService<RulesStore>().TextAsync(c)).Text);
            return 0;
        }, ct));
        rules.Subcommands.Add(import);
        rules.Subcommands.Add(export);
        root.Subcommands.Add(rules);

        var sweep = new Command("sweep", "Send due reminders and escalate overdue requests now.");
        sweep.SetAction((_, ct) => host.RunAsync(async (sp, c) =>
        {
            var result = await sp.GetRequiredService<RequestSweeper>().SweepAsync(c);
            AnsiConsole.MarkupLineInterpolated($"Reminded {result.Reminded}, escalated {result.Escalated}.");
            return 0;
        }, ct));
        root.Subcommands.Add(sweep);

        var year = new Argument<int>("year") { Description = "The year to list." };
        var holidays = new Command("holidays", "List the days the offices are closed in a year, by the rules in force.") { year };
        holidays.SetAction((r, ct) => host.RunAsync(async (sp, c) =>
        {
            var file = await sp.GetRequiredService<RulesStore>().GetAsync(c);
            var calendar = file.Calendar();
            var y = r.GetValue(year);
            for (var d = new DateOnly(y, 1, 1); d.Year == y; d = d.AddDays(1))
            {
                if (calendar.IsHoliday(d))
                {
                    Console.WriteLine($"{d:yyyy-MM-dd} {d.DayOfWeek}");
                }
            }

            return 0;
        }, ct));
        root.Subcommands.Add(holidays);
        return root;
    }
}
