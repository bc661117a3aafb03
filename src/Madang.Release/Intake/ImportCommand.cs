using System.CommandLine;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Modules;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Madang.Release.Intake;

/// <summary><c>release import DIR</c>: reads DIR/manifest.jsonl, one document per line, with a progress bar and a summary.</summary>
internal static class ImportCommand
{
    public const string SourceSystem = "import";

    public static Command Create(ICommandHost host)
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "Folder with manifest.jsonl and the files it names" };
        var import = new Command("import", "Import approved documents from a folder; re-running skips what is already in.") { dir };
        import.SetAction((pr, ct) => host.RunAsync((sp, token) => RunAsync(sp, pr.GetValue(dir)!, token), ct));
        var release = new Command("release", "Proactive release of approved documents.");
        release.Subcommands.Add(import);
        return release;
    }

    private static async Task<int> RunAsync(IServiceProvider services, DirectoryInfo dir, CancellationToken ct)
    {
        var manifest = Path.Combine(dir.FullName, "manifest.jsonl");
        if (!File.Exists(manifest))
        {
            throw new CommandFailedException($"{manifest} does not exist.");
        }

        var lines = await File.ReadAllLinesAsync(manifest, ct);
        int imported = 0, skipped = 0;
        var failed = new List<string>();
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Importing", maxValue: Math.Max(1, lines.Length));
                for (var i = 0; i < lines.Length; i++)
                {
                    task.Increment(1);
                    if (string.IsNullOrWhiteSpace(lines[i]))
                    {
                        continue;
                    }

                    // One scope per document: a bad line never touches the others, and memory stays flat.
                    await using var scope = services.CreateAsyncScope();
                    var (result, error) = await ImportLineAsync(scope.ServiceProvider, dir, lines[i], ct);
                    switch (result)
                    {
                        case true: imported++; break;
                        case false: skipped++; break;
                        default: failed.Add($"line {i + 1}: {error}"); break;
                    }
                }
            });

        AnsiConsole.MarkupLineInterpolated($"imported {imported}, skipped {skipped} (already in), failed {failed.Count}");
        foreach (var f in failed)
        {
            AnsiConsole.MarkupLineInterpolated($"  [red]{f}[/]");
        }

        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task<(bool? Imported, string? Error)> ImportLineAsync(IServiceProvider sp, DirectoryInfo dir, string line, CancellationToken ct)
    {
        IntakeMetadata? meta;
        try
        {
            meta = JsonSerializer.Deserialize<IntakeMetadata>(line, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return (null, "not valid JSON: " + ex.Message);
        }

        if (meta is null)
        {
            return (null, "empty");
        }

        var streams = new List<IntakeFile>();
        try
        {
            foreach (var name in meta.AllFiles)
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, name));
                if (!path.StartsWith(dir.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    return (null, $"'{name}' is outside the folder");
                }

                if (!File.Exists(path))
                {
                    return (null, $"'{name}' does not exist");
                }

                streams.Add(new IntakeFile(name, File.OpenRead(path)));
            }

            var outcome = await sp.GetRequiredService<IntakeService>().ReceiveAsync(SourceSystem, meta, streams, new Actor(null, "cli:import"), ct);
            return outcome.Succeeded ? (outcome.Created, null) : (null, string.Join("; ", outcome.Errors));
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.Content.DisposeAsync();
            }
        }
    }
}
