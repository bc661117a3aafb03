using System.CommandLine;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Modules;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Madang.Release.Intake;

/// <summary><c>release import DIR</c>: reads DIR/manifest.jsonl, one document per line, with a progress bar and a summary.</summary>
internal static class ImportCommand
{
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
        ManifestImport.Summary summary = null!;
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                ProgressTask? task = null;
                summary = await ManifestImport.RunAsync(services, dir, (done, total) =>
                {
                    task ??= progress.AddTask("Importing", maxValue: Math.Max(1, total));
                    task.Value = done;
                }, ct);
            });

        AnsiConsole.MarkupLineInterpolated($"imported {summary.Imported}, skipped {summary.Skipped} (already in), failed {summary.Failed.Count}");
        foreach (var f in summary.Failed)
        {
            AnsiConsole.MarkupLineInterpolated($"  [red]{f}[/]");
        }

        return summary.Failed.Count == 0 ? 0 : 1;
    }
}

/// <summary>Imports DIR/manifest.jsonl through <see cref="IntakeService"/> in batches: each batch of documents commits with
/// its jobs in one transaction, so a crash leaves whole batches or nothing, and a re-run skips what is in.</summary>
public static class ManifestImport
{
    public const string SourceSystem = "import";

    /// <summary>Documents (or files) per transaction: enough to spread a commit's cost, few enough to keep memory flat.</summary>
    public const int BatchSize = 200;

    /// <summary>What an import did; <see cref="Failed"/> holds one line per refused manifest line.</summary>
    public sealed record Summary(int Imported, int Skipped, IReadOnlyList<string> Failed);

    public static async Task<Summary> RunAsync(IServiceProvider services, DirectoryInfo dir, Action<int, int>? progress, CancellationToken ct)
    {
        var manifest = Path.Combine(dir.FullName, "manifest.jsonl");
        if (!File.Exists(manifest))
        {
            throw new CommandFailedException($"{manifest} does not exist.");
        }

        var lines = await File.ReadAllLinesAsync(manifest, ct);
        int imported = 0, skipped = 0;
        var failed = new List<string>();
        var batch = new List<(int Line, IntakeItem Item)>();
        progress?.Invoke(0, lines.Length);

        async Task FlushAsync(int done)
        {
            if (batch.Count == 0)
            {
                progress?.Invoke(done, lines.Length);
                return;
            }

            try
            {
                // One scope per batch: a fresh unit of work, so memory stays flat over a long manifest.
                await using var scope = services.CreateAsyncScope();
                var outcomes = await scope.ServiceProvider.GetRequiredService<IntakeService>()
                    .ReceiveManyAsync(SourceSystem, batch.Select(b => b.Item).ToList(), new Actor(null, "cli:import"), ct);
                for (var i = 0; i < batch.Count; i++)
                {
                    switch (outcomes[i])
                    {
                        case { Succeeded: false } o: failed.Add($"line {batch[i].Line}: {string.Join("; ", o.Errors)}"); break;
                        case { Created: true }: imported++; break;
                        default: skipped++; break;
                    }
                }
            }
            finally
            {
                foreach (var f in batch.SelectMany(b => b.Item.Files))
                {
                    await f.Content.DisposeAsync();
                }

                batch.Clear();
            }

            progress?.Invoke(done, lines.Length);
        }

        var openFiles = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var (item, error) = Open(dir, lines[i]);
            if (item is null)
            {
                failed.Add($"line {i + 1}: {error}");
                continue;
            }

            batch.Add((i + 1, item));
            openFiles += item.Files.Count;
            if (batch.Count >= BatchSize || openFiles >= BatchSize)
            {
                await FlushAsync(i + 1);
                openFiles = 0;
            }
        }

        await FlushAsync(lines.Length);
        return new Summary(imported, skipped, failed);
    }

    /// <summary>Parses a manifest line and opens its files, or says why it cannot.</summary>
    private static (IntakeItem? Item, string? Error) Open(DirectoryInfo dir, string line)
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

        var names = meta.AllFiles.ToList();
        foreach (var name in names)
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
        }

        // Opened only once every name checked out, so that a refused line leaves no handle open.
        return (new IntakeItem(meta, names.Select(n => new IntakeFile(n, File.OpenRead(Path.Combine(dir.FullName, n)))).ToList()), null);
    }
}
