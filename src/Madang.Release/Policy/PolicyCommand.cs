using System.CommandLine;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Modules;
using Madang.Release.Processing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Madang.Release.Policy;

/// <summary><c>release policy show|history|set FILE</c>: the release policy from the command line, as JSON (what the admin page shows).</summary>
internal static class PolicyCommand
{
    public static Command Create(ICommandHost host)
    {
        var show = new Command("show", "Print the policy in force as JSON.");
        show.SetAction((_, ct) => host.RunAsync(async (sp, token) =>
        {
            var (version, policy) = await sp.GetRequiredService<ReleasePolicyStore>().CurrentAsync(token);
            Console.Error.WriteLine(version == 0 ? "The built-in default is in force." : $"Version {version} is in force.");
            Console.Out.WriteLine(ReleasePolicyStore.Serialize(policy));
            return 0;
        }, ct));

        var history = new Command("history", "List the saved versions.");
        history.SetAction((_, ct) => host.RunAsync(async (sp, token) =>
        {
            var table = new Table().AddColumns("version", "saved (UTC)", "note");
            foreach (var v in await sp.GetRequiredService<ReleasePolicyStore>().HistoryAsync(token))
            {
                table.AddRow(v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), v.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(v.Note));
            }

            AnsiConsole.Write(table);
            return 0;
        }, ct));

        var file = new Argument<FileInfo>("FILE") { Description = "The policy as JSON (as `release policy show` prints it)" };
        var note = new Option<string>("--note") { Description = "What changed and why (kept with the version)", Required = true };
        var set = new Command("set", "Save a policy as a new version; documents the roll-out deferred go where the new rules send them.") { file, note };
        set.SetAction((pr, ct) => host.RunAsync((sp, token) => SetAsync(sp, pr.GetValue(file)!, pr.GetValue(note)!, token), ct));

        var policy = new Command("policy", "The release policy: review thresholds, rules, staged roll-out, four-eyes.");
        policy.Subcommands.Add(show);
        policy.Subcommands.Add(history);
        policy.Subcommands.Add(set);
        return policy;
    }

    private static async Task<int> SetAsync(IServiceProvider sp, FileInfo file, string note, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new CommandFailedException($"{file.FullName} does not exist.");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            throw new CommandFailedException("--note must say what changed and why.");
        }

        ReleasePolicy policy;
        try
        {
            policy = ReleasePolicyStore.Parse(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (JsonException ex)
        {
            throw new CommandFailedException($"{file.Name} is not a release policy: {ex.Message}");
        }

        var store = sp.GetRequiredService<ReleasePolicyStore>();
        var errors = await store.ValidateAsync(policy, ct);
        if (errors.Count > 0)
        {
            var catalog = sp.GetRequiredService<Core.Localization.TextCatalog>();
            throw new CommandFailedException(string.Join(" ", errors.Select(e => catalog.Get("en", e))));
        }

        var version = await sp.GetRequiredService<Publisher>().SavePolicyAsync(policy, note, new Actor(null, "command line"), ct);
        Console.Out.WriteLine($"Version {version} of the release policy is in force.");
        return 0;
    }
}
