using System.CommandLine;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Madang.Web.Cli;

/// <summary>The <c>madang</c> command line: operator verbs run against the configured database instead of the server.</summary>
public static class CliApp
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "migrate", "seed", "org", "user", "apikey", "jobs", "search", "census", "--help", "-h", "-?", "help", "--version",
    }.Concat(MadangModules.All().SelectMany(m => m.Commands(NullHost.Instance)).Select(c => c.Name)).ToHashSet(StringComparer.Ordinal);

    public static bool IsCommand(string[] args)
    {
        var (_, rest) = ConfigArgs.Split(args);
        return rest.Length > 0 && Verbs.Contains(rest[0]);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var (configArgs, rest) = ConfigArgs.Split(args);
        var root = new RootCommand("Madang: open-government platform. Without a verb, runs the web server.");
        var context = new CliContext(configArgs);
        foreach (var command in Commands.All(context).Concat(MadangModules.All().SelectMany(m => m.Commands(context))))
        {
            root.Subcommands.Add(command);
        }

        try
        {
            return await root.Parse(rest).InvokeAsync();
        }
        catch (Exception ex) when (ex is CliException or Core.Modules.CommandFailedException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 1;
        }
    }
}

/// <summary>Lists module verbs without services (to recognise them in the arguments).</summary>
internal sealed class NullHost : Core.Modules.ICommandHost
{
    public static readonly NullHost Instance = new();

    public Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct) => throw new InvalidOperationException();
}

/// <summary>A failure to report to the operator in one line, with exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>Builds the service provider a command runs with: kernel, identity and the database, no web server.</summary>
public sealed class CliContext(string[] configArgs) : Core.Modules.ICommandHost
{
    public Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct) =>
        WithServicesAsync(async sp =>
        {
            await RequireCurrentSchemaAsync(sp);
            return await action(sp, ct);
        });

    public async Task<int> ServeAsync(Func<HttpClient, IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var builder = MadangApp.CreateBuilder(configArgs);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = MadangApp.Configure(builder.Build());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await RequireCurrentSchemaAsync(scope.ServiceProvider);
        }

        await app.StartAsync(ct);
        try
        {
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            await using var scope = app.Services.CreateAsyncScope();
            return await action(client, scope.ServiceProvider, ct);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action, bool workers = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production",
        });
        builder.Configuration.AddCommandLine(configArgs, ConfigArgs.Switches.ToDictionary(kv => kv.Key, kv => kv.Value));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        MadangApp.AddCoreServices(builder.Services, builder.Configuration, builder.Environment);
        if (workers)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Services.AddHostedService<JobWorker>();
        }

        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        if (workers)
        {
            await host.StartAsync();
            try
            {
                return await action(scope.ServiceProvider);
            }
            finally
            {
                await host.StopAsync();
            }
        }

        return await action(scope.ServiceProvider);
    }

    /// <summary>Commands other than migrate refuse to run on an out-of-date database rather than fail halfway.</summary>
    public static async Task RequireCurrentSchemaAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<MadangDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            throw new CliException($"The database has {pending.Count} pending migration(s). Run `migrate` first.");
        }
    }
}
