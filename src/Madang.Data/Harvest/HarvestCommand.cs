using System.CommandLine;
using System.Globalization;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Modules;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Madang.Data.Harvest;

/// <summary><c>data harvest add|list|run</c>: harvest sources from the command line (what the admin page does).</summary>
internal static class HarvestCommand
{
    public static Command Create(ICommandHost host)
    {
        var url = new Argument<string>("URL") { Description = "The portal's base URL (its API is at URL/api/3/action/…)" };
        var org = new Option<string>("--org") { Description = "Code of the local organisation for datasets whose organisation is not mapped", Required = true };
        var title = new Option<string?>("--title") { Description = "A name for the source" };
        var hours = new Option<double>("--interval-hours") { Description = "Harvest every N hours (0: only when run by hand)", DefaultValueFactory = _ => 24 };
        var map = new Option<string[]>("--map") { Description = "REMOTE=LOCAL: remote organisation name to local organisation code (repeatable)", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add a CKAN-compatible portal to harvest.") { url, org, title, hours, map };
        add.SetAction((pr, ct) => host.RunAsync(async (sp, token) =>
        {
            var db = sp.GetRequiredService<MadangDbContext>();
            var code = pr.GetValue(org)!;
            var orgId = await db.Organisations.Where(o => o.Code == code).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(token)
                ?? throw new CommandFailedException($"No organisation has the code {code}.");
            var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in pr.GetValue(map) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == pair.Length - 1)
                {
                    throw new CommandFailedException($"--map {pair}: expected REMOTE=LOCAL.");
                }

                mapping[pair[..eq]] = pair[(eq + 1)..];
            }

            try
            {
                var source = await sp.GetRequiredService<Harvester>().AddSourceAsync(pr.GetValue(url)!, pr.GetValue(title) ?? string.Empty, orgId,
                    TimeSpan.FromHours(Math.Max(0, pr.GetValue(hours))), mapping, new Actor(null, "command line"), token);
                Console.Out.WriteLine(source.Id);
                return 0;
            }
            catch (CatalogValidationException e)
            {
                throw new CommandFailedException(e.Message);
            }
        }, ct));

        var list = new Command("list", "List harvest sources and their last run.");
        list.SetAction((_, ct) => host.RunAsync(async (sp, token) =>
        {
            var db = sp.GetRequiredService<MadangDbContext>();
            var table = new Table().AddColumns("id", "title", "url", "every (h)", "last run (UTC)");
            foreach (var s in await db.Set<HarvestSource>().OrderBy(s => s.Title).ToListAsync(token))
            {
                table.AddRow(s.Id.ToString(), Markup.Escape(s.Title), Markup.Escape(s.Url), s.Interval.TotalHours.ToString("0.##", CultureInfo.InvariantCulture),
                    s.LastRunAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—");
            }

            AnsiConsole.Write(table);
            return 0;
        }, ct));

        var which = new Argument<string?>("SOURCE") { Description = "Id or URL of one source (default: every enabled source)", Arity = ArgumentArity.ZeroOrOne };
        var run = new Command("run", "Harvest now and print what changed; exits non-zero if a source failed.") { which };
        run.SetAction((pr, ct) => host.RunAsync(async (sp, token) =>
        {
            var db = sp.GetRequiredService<MadangDbContext>();
            var key = pr.GetValue(which);
            var sources = await db.Set<HarvestSource>().AsNoTracking().Where(s => s.Enabled).ToListAsync(token);
            if (key is not null)
            {
                sources = sources.Where(s => s.Id.ToString() == key || string.Equals(s.Url, key.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)).ToList();
                if (sources.Count == 0)
                {
                    throw new CommandFailedException($"No enabled harvest source is {key}.");
                }
            }

            var failed = 0;
            foreach (var s in sources)
            {
                var r = await AnsiConsole.Status().StartAsync($"Harvesting {Markup.Escape(s.Url)}…", _ => sp.GetRequiredService<Harvester>().RunAsync(s, token));
                Console.Out.WriteLine($"{s.Url}: {r.Created} created, {r.Updated} updated, {r.Deleted} deleted, {r.Failed} failed{(r.Succeeded ? string.Empty : " — the run did not complete")}");
                if (r.Errors is not null)
                {
                    Console.Error.WriteLine(r.Errors);
                }

                failed += r.Succeeded && r.Failed == 0 ? 0 : 1;
            }

            return failed == 0 ? 0 : 1;
        }, ct));

        var harvest = new Command("harvest", "Harvesting from other CKAN-compatible portals.");
        harvest.Subcommands.Add(add);
        harvest.Subcommands.Add(list);
        harvest.Subcommands.Add(run);
        return harvest;
    }
}
