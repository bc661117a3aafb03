using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Modules;

/// <summary>The one entry point of a module: its manifest, its services, its model and its endpoints.</summary>
public interface IMadangModule
{
    ModuleManifest Manifest { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Applies the module's <c>IEntityTypeConfiguration</c>s. Tables must be prefixed with the module name.</summary>
    void ConfigureModel(ModelBuilder modelBuilder);

    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>The module's operator verbs (e.g. <c>release import DIR</c>), run through <paramref name="host"/>.</summary>
    IEnumerable<System.CommandLine.Command> Commands(ICommandHost host) => [];

    /// <summary>Adds the module's demo content to a freshly seeded demo city (after its organisations and people).</summary>
    Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Runs a command's work with the kernel's services on the configured database; the exit code is returned.</summary>
public interface ICommandHost
{
    Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct);

    /// <summary>
    /// Runs the whole web application on a loopback port for the action, whose client's base address is that app: a
    /// static export renders pages through the same pipeline readers get.
    /// </summary>
    Task<int> ServeAsync(Func<HttpClient, IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct) =>
        throw new NotSupportedException("This host cannot serve pages.");
}

/// <summary>A failure a command reports in one line (exit code 1).</summary>
public sealed class CommandFailedException(string message) : Exception(message);
