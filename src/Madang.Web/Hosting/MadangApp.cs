using System.Threading.RateLimiting;
using Madang.Core;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Jobs;
using Madang.Core.Permissions;
using Madang.Web.Api;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using OpenTelemetry.Metrics;

namespace Madang.Web.Hosting;

/// <summary>Composes the web application: kernel, modules, identity, pages, APIs, health and metrics.</summary>
public static class MadangApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var (configArgs, _) = ConfigArgs.Split(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configArgs,
            ContentRootPath = AppContext.BaseDirectory,
            // Pages are discovered from the application assembly; naming it keeps that true when another
            // process (a test host, a future worker binary) is the entry point.
            ApplicationName = typeof(MadangApp).Assembly.GetName().Name,
        });
        builder.Configuration.AddCommandLine(configArgs, ConfigArgs.Switches.ToDictionary(kv => kv.Key, kv => kv.Value));
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        AddServices(builder.Services, builder.Configuration, builder.Environment);
        return builder;
    }

    /// <summary>Kernel and data services without the web parts, for commands.</summary>
    public static void AddCoreServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment env)
    {
        services.AddMadangKernel(configuration, MadangModules.All());
        services.AddIdentity<MadangUser, MadangRole>(IdentitySetup.Configure)
            .AddEntityFrameworkStores<MadangDbContext>()
            .AddClaimsPrincipalFactory<MadangClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeed>();
        services.AddSingleton<SiteSettingsProvider>();
        services.AddSingleton<SiteTime>();
        services.AddDataProtection().SetApplicationName("Madang").PersistKeysToDbContext<MadangDbContext>();
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, IWebHostEnvironment env)
    {
        AddCoreServices(services, configuration, env);
        services.AddScoped<IEmailSender<MadangUser>, IdentityEmailSender>();
        services.ConfigureApplicationCookie(IdentitySetup.ConfigureCookie);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorization(o =>
        {
            o.AddPolicy(ApiKeyAuthenticationHandler.Policy, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        });

        services.AddRazorPages(o =>
        {
            o.Conventions.Add(new CultureRouteConvention());
            o.Conventions.AuthorizeFolder("/Admin", KernelPermissions.StaffArea.Policy);
            o.Conventions.AuthorizeFolder("/Account/Manage");
            o.Conventions.AuthorizePage("/Account/Inbox");
        });
        services.Configure<RouteOptions>(o =>
        {
            o.ConstraintMap["sitelang"] = typeof(SiteCultureRouteConstraint);
            o.LowercaseUrls = false;
        });
        services.AddHttpContextAccessor();
        // Korean, Japanese and Chinese text is written as characters, not &#x…; entities: readable and smaller.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddOpenApi("v1", OpenApiSetup.Configure);
        services.AddProblemDetails();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<MigrationsHealthCheck>("migrations")
            .AddCheck<JobQueueHealthCheck>("jobs");

        services.AddSingleton<QueueStatistics>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueStatistics>());
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter(JobMetrics.MeterName, QueueStatistics.MeterName)
            .AddPrometheusExporter());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Writes (any non-GET) are limited per client address; reads are left to caches.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("read")
                    : RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = configuration.GetValue("Madang:RateLimit:WritesPerMinute", 120),
                            Window = TimeSpan.FromMinutes(1),
                        }));
        });

        if (configuration.GetValue("Madang:RunWorkers", true))
        {
            services.AddHostedService<JobWorker>();
        }
    }

    public static WebApplication Build(string[] args) => Configure(CreateBuilder(args).Build());

    public static WebApplication Configure(WebApplication app)
    {
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<CultureMiddleware>();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Embedded, so the site serves its CSS from any working directory, build or publish, with no CDN.
            FileProvider = StaticFiles(app.Services.GetRequiredService<Core.Modules.ModuleCatalog>()),
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/", RootRedirect.Handle).ExcludeFromDescription();
        app.MapRazorPages();
        app.MapKernelApi();
        app.MapSitemaps();
        foreach (var module in app.Services.GetRequiredService<Core.Modules.ModuleCatalog>().Modules)
        {
            module.MapEndpoints(app);
        }

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Madang API v1");
            o.DocumentTitle = "Madang API";
        });
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = HealthResponse.WriteAsync,
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>The host's and every module's embedded <c>wwwroot</c>, the host's first.</summary>
    private static Microsoft.Extensions.FileProviders.CompositeFileProvider StaticFiles(Core.Modules.ModuleCatalog catalog) =>
        new Microsoft.Extensions.FileProviders.CompositeFileProvider(
            new[] { typeof(MadangApp).Assembly }.Concat(catalog.Modules.Select(m => m.GetType().Assembly)).Distinct()
                .Select(a => new Microsoft.Extensions.FileProviders.EmbeddedFileProvider(a, a.GetName().Name + ".wwwroot")));

    /// <summary>Migrates, seeds and prints where the site is, before requests are served.</summary>
    public static async Task InitializeAsync(this WebApplication app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Urls.Count > 0 ? app.Urls : ["http://localhost:5000"];
            var links = app.Services.GetRequiredService<Core.Notifications.SiteLinks>();
            if (string.IsNullOrEmpty(app.Configuration["Madang:BaseUrl"]))
            {
                links.BaseUrl = addresses.First().Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/');
            }

            Console.WriteLine($"Madang is running at {string.Join(", ", addresses)}");
        });
    }
}

/// <summary>Prefixes every page route with the language: <c>/{culture}/…</c>.</summary>
internal sealed class CultureRouteConvention : IPageRouteModelConvention
{
    public void Apply(PageRouteModel model)
    {
        // The error page keeps its language-less route: status-code re-execution reaches it as /error/{code}
        // and it takes the language from the original path.
        if (model.ViewEnginePath == "/Error")
        {
            return;
        }

        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel?.Template ?? string.Empty;
            selector.AttributeRouteModel!.Template = "{culture:sitelang}/" + template;
        }
    }
}
