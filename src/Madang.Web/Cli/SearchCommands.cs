using System.CommandLine;
using System.Globalization;
using Madang.Core.Search;
using Spectre.Console;

namespace Madang.Web.Cli;

/// <summary><c>search reindex</c>, <c>search check</c> and <c>search optimize</c>: rebuild the kernel's index from the modules'
/// content, compare them, and merge the full-text index for the fastest reads.</summary>
internal static class SearchCommands
{
    public static Command Create(CliContext ctx)
    {
        var search = new Command("search", "Rebuild and check the search index.");
        search.Subcommands.Add(Reindex(ctx));
        search.Subcommands.Add(Check(ctx));
        search.Subcommands.Add(Optimize(ctx));
        return search;
    }

    private static Option<string?> TypeOption() => new("--type") { Description = "Only this index type (e.g. release.document, data.dataset, organisation)" };

    private static Option<int> BatchOption() => new("--batch")
    {
        Description = "Items per transaction",
        DefaultValueFactory = _ => SearchReindexer.DefaultBatch,
    };

    private static Command Reindex(CliContext ctx)
    {
        var type = TypeOption();
        var batch = BatchOption();
        var cmd = new Command("reindex", "Rebuild the index from the content while searches keep working; a killed run resumes where it stopped.") { type, batch };
        cmd.SetAction((pr, ct) => ctx.RunAsync(async (sp, token) =>
        {
            var size = pr.GetValue(batch);
            if (size < 1)
            {
                throw new CliException("--batch must be at least 1.");
            }

            var reindexer = sp.GetRequiredService<SearchReindexer>();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            ReindexReport report = null!;
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    report = await Guard(() => reindexer.ReindexAsync(pr.GetValue(type), size, p =>
                    {
                        if (!tasks.TryGetValue(p.Type, out var task))
                        {
                            task = tasks[p.Type] = progress.AddTask(p.Type, maxValue: Math.Max(1, p.Total));
                        }

                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Total == 0 ? 1 : p.Done;
                    }, token));
                });

            foreach (var t in report.Types)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Type}: generation {t.Generation}{(t.Resumed ? " (resumed)" : string.Empty)}, {t.Keys} items, {t.Written} written or confirmed, {t.Removed} removed, {t.Swept} swept"));
            }

            var items = report.Types.Sum(t => t.Keys);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{items} items in {watch.Elapsed.TotalSeconds:0.0} s ({items / Math.Max(0.001, watch.Elapsed.TotalSeconds):0} items/s)"));
            foreach (var (t, count) in report.Unowned)
            {
                // Left in place: the module that wrote them may be switched off for now; deleting would lose them for good.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t}: {count} entries of a type no module indexes now (left in place)"));
            }

            return 0;
        }, ct));
        return cmd;
    }

    private static Command Check(CliContext ctx)
    {
        var type = TypeOption();
        var batch = BatchOption();
        var cmd = new Command("check", "Compare the index with the content; prints missing, extra and stale entries and exits 1 on any drift.") { type, batch };
        cmd.SetAction((pr, ct) => ctx.RunAsync(async (sp, token) =>
        {
            var size = pr.GetValue(batch);
            if (size < 1)
            {
                throw new CliException("--batch must be at least 1.");
            }

            var report = await Guard(() => sp.GetRequiredService<SearchReindexer>().CheckAsync(pr.GetValue(type), size, token));
            foreach (var t in report.Types)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Type}: {t.SourceCount} in content, {t.EntryCount} in index, missing {t.Missing}, extra {t.Extra}, stale {t.Stale}"));
                // Keys only: an example never shows text, which may be personal data in a non-public item.
                Examples("missing", t.MissingExamples, t.Missing);
                Examples("extra", t.ExtraExamples, t.Extra);
                Examples("stale", t.StaleExamples, t.Stale);
            }

            foreach (var (t, count) in report.Unowned)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t}: {count} entries of a type no module indexes now"));
            }

            Console.WriteLine(report.HasDrift ? "drift found: run `search reindex` to repair it" : "no drift");
            return report.HasDrift ? 1 : 0;
        }, ct));
        return cmd;
    }

    private static Command Optimize(CliContext ctx)
    {
        var cmd = new Command("optimize", "Merge the full-text index so queries read it fastest (a reindex ends with this); searches and writes go on meanwhile.");
        cmd.SetAction((pr, ct) => ctx.RunAsync(async (sp, token) =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var steps = 0;
            await AnsiConsole.Status().StartAsync("merging the search index", async status =>
                await sp.GetRequiredService<SearchReindexer>().OptimizeAsync(token, s =>
                {
                    steps = s;
                    status.Status(string.Create(CultureInfo.InvariantCulture, $"merging the search index: step {s}"));
                }));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search index optimised in {watch.Elapsed.TotalSeconds:0.0} s ({steps} steps)"));
            return 0;
        }, ct));
        return cmd;
    }

    private static void Examples(string what, IReadOnlyList<string> keys, int count)
    {
        if (keys.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {string.Join(", ", keys)}{(count > keys.Count ? ", …" : string.Empty)}"));
        }
    }

    /// <summary>An unknown type is the operator's mistake: one line and exit 1, not a stack trace.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }
    }
}
