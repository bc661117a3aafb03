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
}
