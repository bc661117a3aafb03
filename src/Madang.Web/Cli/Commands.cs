using System.CommandLine;
using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Madang.Web.Cli;

/// <summary>The operator verbs.</summary>
internal static class Commands
{
    private static readonly Actor Operator = new(null, "cli:" + Environment.UserName);

    public static IEnumerable<Command> All(CliContext ctx) => [Migrate(ctx), Seed(ctx), Org(ctx), User(ctx), ApiKey(ctx), Jobs(ctx), SearchCommands.Create(ctx), CensusCommands.Create(ctx)];

    private static Command Migrate(CliContext ctx)
    {
        var cmd = new Command("migrate", "Apply pending database migrations and create default roles and settings.");
        cmd.SetAction(async (_, ct) => await ctx.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<MadangDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await AnsiConsole.Status().StartAsync($"Applying {pending.Count} migration(s)…", async _ =>
            {
                var init = sp.GetRequiredService<DatabaseInitializer>();
                await init.MigrateAsync(ct);
                await init.EnsureDefaultsAsync(ct);
            });
            foreach (var m in pending)
            {
                AnsiConsole.MarkupLineInterpolated($"  applied [green]{m}[/]");
            }

            AnsiConsole.MarkupLineInterpolated($"Database is current ({db.Database.ProviderName?.Split('.').Last()}).");
            return 0;
        }));
        return cmd;
    }

    private static Command Seed(CliContext ctx)
    {
        var cmd = new Command("seed", "Seed the demo city (organisation tree and one account per role) and print the passwords.");
        cmd.SetAction(async (_, ct) => await ctx.WithServicesAsync(async sp =>
        {
            await CliContext.RequireCurrentSchemaAsync(sp);
            await sp.GetRequiredService<DatabaseInitializer>().EnsureDefaultsAsync(ct);
            await sp.GetRequiredService<DemoSeed>().SeedAsync(printPasswords: true, ct);
            AnsiConsole.MarkupLine("Demo city seeded.");
            return 0;
        }));
        return cmd;
    }

    private static Command Org(CliContext ctx)
    {
        var org = new Command("org", "Manage the organisation tree.");
        var code = new Option<string>("--code") { Description = "Unique code, e.g. WEL-SEN", Required = true };
        var name = new Option<string>("--name") { Description = "Name (used for every language not given separately)", Required = true };
        var parent = new Option<string?>("--parent") { Description = "Parent organisation code" };
        var kind = new Option<OrganisationKind>("--kind") { Description = "City, Bureau, Division, Team, Office or Agency", DefaultValueFactory = _ => OrganisationKind.Division };
        var perLanguage = SiteCultures.All.ToDictionary(c => c, c => new Option<string?>("--name-" + c.ToLowerInvariant()) { Description = $"Name in {SiteCultures.NativeName(c)}" });
        var add = new Command("add", "Add an organisation.") { code, name, parent, kind };
        foreach (var o in perLanguage.Values)
        {
            add.Options.Add(o);
        }

        add.SetAction(async (pr, ct) => await ctx.WithServicesAsync(async sp =>
        {
            await CliContext.RequireCurrentSchemaAsync(sp);
            var n = new LocalizedText();
            foreach (var c in SiteCultures.All)
            {
                n[c] = pr.GetValue(perLanguage[c]) ?? pr.GetValue(name);
            }

            var r = await sp.GetRequiredService<OrganisationCommands>().CreateAsync(
                new OrganisationInput(pr.GetValue(code)!, n, pr.GetValue(parent), pr.GetValue(kind)), Operator, ct);
            if (!r.Succeeded)
            {
                var catalog = sp.GetRequiredService<TextCatalog>();
                throw new CliException(string.Join("; ", r.Errors.Select(e => $"{e.Key}: {catalog.Get("en", e.Value)}")));
            }

            AnsiConsole.MarkupLineInterpolated($"Added [green]{r.Value!.Code}[/] ({r.Value.Id}).");
            return 0;
        }));

        var list = new Command("list", "Print the organisation tree.");
        list.SetAction(async (_, ct) => await ctx.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<MadangDbContext>();
            var all = await db.Organisations.AsNoTracking().ToListAsync(ct);
            foreach (var (o, depth) in OrganisationTree.Flatten(all))
            {
                Console.WriteLine($"{new string(' ', depth * 2)}{o.Code}  {o.Name.Get("en")}{(o.IsActive ? string.Empty : " (inactive)")}");
            }

            return 0;
        }));
        org.Subcommands.Add(add);
        org.Subcommands.Add(list);
        return org;
    }

    private static Command User(CliContext ctx)
    {
        var user = new Command("user", "Manage people.");
        var email = new Option<string>("--email") { Description = "E-mail address (also the sign-in name)", Required = true };
        var role = new Option<string>("--role") { Description = "One of: " + string.Join(", ", Roles.All), Required = true };
        var org = new Option<string?>("--org") { Description = "Department code to make the person a member of" };
        var name = new Option<string?>("--name") { Description = "Display name (any script)" };
        var lang = new Option<string>("--language") { Description = "Preferred language", DefaultValueFactory = _ => SiteCultures.Default };
        var add = new Command("add", "Add a person with a role; prints a generated password.") { email, role, org, name, lang };
        add.SetAction(async (pr, ct) => await ctx.WithServicesAsync(async sp =>
        {
            await CliContext.RequireCurrentSchemaAsync(sp);
            var r = pr.GetValue(role)!;
            if (!Roles.All.Contains(r))
            {
                throw new CliException($"Unknown role '{r}'. Roles: {string.Join(", ", Roles.All)}.");
            }

            var language = pr.GetValue(lang)!;
            if (!SiteCultures.IsSupported(language))
            {
                throw new CliException($"Unknown language '{language}'. Languages: {string.Join(", ", SiteCultures.All)}.");
            }

            var db = sp.GetRequiredService<MadangDbContext>();
            Organisation? organisation = null;
            if (pr.GetValue(org) is { } code)
            {
                organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Code == code, ct)
                    ?? throw new CliException($"No organisation has the code '{code}'.");
            }

            var users = sp.GetRequiredService<UserManager<MadangUser>>();
            var address = pr.GetValue(email)!.Trim();
            if (await users.FindByEmailAsync(address) is not null)
            {
                throw new CliException($"A person with the e-mail {address} already exists.");
            }

            var password = DemoSeed.NewPassword();
            var clock = sp.GetRequiredService<TimeProvider>();
            var u = new MadangUser
            {
                UserName = address, Email = address, EmailConfirmed = true,
                DisplayName = pr.GetValue(name) ?? address.Split('@')[0], PreferredLanguage = language, CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(u, password);
            if (!created.Succeeded)
            {
                throw new CliException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(u, r);
            if (organisation is not null)
            {
                db.Memberships.Add(new Membership { UserId = u.Id, OrganisationId = organisation.Id, CreatedAt = clock.GetUtcNow() });
            }

            sp.GetRequiredService<AuditLog>().Record(Operator, "core.user.created", "user", u.Id.ToString(), new { Role = r, Org = organisation?.Code }, organisation?.Id);
            await db.SaveChangesAsync(ct);
            AnsiConsole.MarkupLineInterpolated($"Added [green]{address}[/] as {r}. Password (shown once): [bold]{password}[/]");
            if (Roles.IsStaffRole(r))
            {
                AnsiConsole.MarkupLine("Staff roles must enrol TOTP two-factor at first sign-in.");
            }

            return 0;
        }));
        user.Subcommands.Add(add);
        return user;
    }

    private static Command ApiKey(CliContext ctx)
    {
        var apikey = new Command("apikey", "Manage API keys.");
        var org = new Option<string>("--org") { Description = "Organisation code the key acts for", Required = true };
        var name = new Option<string>("--name") { Description = "What the key is for (e.g. e-approval export)", Required = true };
        var create = new Command("create", "Create a key and print it (shown once; only its hash is stored).") { org, name };
        create.SetAction(async (pr, ct) => await ctx.WithServicesAsync(async sp =>
        {
            await CliContext.RequireCurrentSchemaAsync(sp);
            var db = sp.GetRequiredService<MadangDbContext>();
            var code = pr.GetValue(org)!;
            var o = await db.Organisations.SingleOrDefaultAsync(x => x.Code == code, ct) ?? throw new CliException($"No organisation has the code '{code}'.");
            var (key, secret) = sp.GetRequiredService<ApiKeyService>().Create(o.Id, pr.GetValue(name)!, Operator);
            await db.SaveChangesAsync(ct);
            Console.Error.WriteLine($"Created API key {key.Id} for {o.Code}. Store it now: it cannot be shown again.");
            Console.WriteLine(secret);
            return 0;
        }));
        var id = new Option<Guid>("--id") { Description = "Key id", Required = true };
        var revoke = new Command("revoke", "Revoke a key.") { id };
        revoke.SetAction(async (pr, ct) => await ctx.WithServicesAsync(async sp =>
        {
            if (!await sp.GetRequiredService<ApiKeyService>().RevokeAsync(pr.GetValue(id), Operator, ct))
            {
                throw new CliException("No active key has that id.");
            }

            AnsiConsole.MarkupLine("Revoked.");
            return 0;
        }));
        apikey.Subcommands.Add(create);
        apikey.Subcommands.Add(revoke);
        return apikey;
    }

    private static Command Jobs(CliContext ctx)
    {
        var jobs = new Command("jobs", "Run and inspect background jobs.");
        var run = new Command("run", "Run job workers in the foreground until stopped (Ctrl-C). For worker-only nodes.");
        run.SetAction(async (_, ct) => await ctx.WithServicesAsync(async sp =>
        {
            await CliContext.RequireCurrentSchemaAsync(sp);
            Console.WriteLine("Workers started.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        }, workers: true));

        var delay = new Option<int>("--delay-ms") { Description = "How long the probe works", DefaultValueFactory = _ => 1000 };
        var marker = new Option<string>("--marker") { Description = "Text to find the probe's effect by", DefaultValueFactory = _ => Guid.NewGuid().ToString("N") };
        var probe = new Command("probe", "Queue a probe job that waits and then writes one audit entry.") { delay, marker };
        probe.SetAction(async (pr, ct) => await ctx.WithServicesAsync(async sp =>
        {
            var job = sp.GetRequiredService<JobQueue>().Enqueue(KernelJobs.Probe, new ProbeJob.Payload(pr.GetValue(delay), pr.GetValue(marker)!));
            await sp.GetRequiredService<MadangDbContext>().SaveChangesAsync(ct);
            Console.WriteLine(job.Id);
            return 0;
        }));

        var list = new Command("list", "Show queue counts and failed jobs.");
        list.SetAction(async (_, ct) => await ctx.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<MadangDbContext>();
            var table = new Table().AddColumns("State", "Count");
            foreach (var g in await db.Jobs.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            {
                table.AddRow(g.Key.ToString(), g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            foreach (var j in await db.Jobs.Where(j => j.State == JobState.Failed).OrderByDescending(j => j.Id).Take(20).ToListAsync(ct))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]#{j.Id}[/] {j.Type}: {j.LastError}");
            }

            return 0;
        }));
        jobs.Subcommands.Add(run);
        jobs.Subcommands.Add(probe);
        jobs.Subcommands.Add(list);
        return jobs;
    }
}
