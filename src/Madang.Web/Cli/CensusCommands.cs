using System.CommandLine;
using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Madang.Web.Cli;

/// <summary><c>census import FILE</c>: the city's list of residents, kept only as keyed hashes.</summary>
internal static class CensusCommands
{
    private static readonly string[] Columns = ["identifier", "birth_date"];

    public static Command Create(CliContext ctx)
    {
        var census = new Command("census", "The census list residents are matched against (verification level 'census').");
        var file = new Argument<FileInfo>("file") { Description = "CSV with a header: identifier,birth_date (yyyy-MM-dd). UTF-8." };
        var import = new Command("import", "Add residents to the list; only a keyed hash of each is stored.") { file };
        import.SetAction(async (pr, ct) => await ctx.WithServicesAsync(async sp =>
        {
            await CliContext.RequireCurrentSchemaAsync(sp);
            var f = pr.GetValue(file)!;
            if (!f.Exists)
            {
                throw new CliException($"{f.FullName} does not exist.");
            }

            var rows = Read(f.FullName);
            var verification = sp.GetRequiredService<VerificationService>();
            if (!verification.HasConfiguredSecret)
            {
                Console.Error.WriteLine("Warning: Madang:Census:Secret is not set; the hashes use the development key.");
            }

            var added = 0;
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Importing residents", maxValue: Math.Max(rows.Count, 1));
                foreach (var chunk in rows.Chunk(5000))
                {
                    added += await verification.ImportAsync(chunk, new Actor(null, "cli:" + Environment.UserName), ct);
                    task.Increment(chunk.Length);
                }
            });
            Console.WriteLine($"{added} residents added, {rows.Count - added} already on the list.");
            return 0;
        }));
        census.Subcommands.Add(import);
        return census;
    }

    private static List<(string, DateOnly)> Read(string path)
    {
        using var reader = CsvHelper.CsvReader.Create(new StreamReader(path), new CsvHelper.CsvReaderOptions { Separator = ',', HasHeader = false });
        var rows = new List<(string, DateOnly)>();
        int[]? at = null;
        var line = 0;
        while (reader.Read())
        {
            line++;
            var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim()).ToArray();
            if (at is null)
            {
                var header = fields.Select(h => h.ToLowerInvariant()).ToList();
                at = Columns.Select(c => header.IndexOf(c)).ToArray();
                if (at.Any(i => i < 0))
                {
                    throw new CliException("The first line must name the columns identifier and birth_date.");
                }

                continue;
            }

            if (fields.Length <= at.Max() || !DateOnly.TryParseExact(fields[at[1]], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
            {
                throw new CliException($"Line {line}: birth_date must be a date written yyyy-MM-dd.");
            }

            rows.Add((fields[at[0]], born));
        }

        return rows;
    }
}
