using Madang.Core.ApiKeys;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Madang.Core.Modules;
using Madang.Core.Notifications;
using Madang.Core.Permissions;
using Madang.Core.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Madang.Core;

/// <summary>Registers the kernel and the given modules.</summary>
public static class KernelServices
{
    public static IServiceCollection AddMadangKernel(this IServiceCollection services, IConfiguration configuration,
        IReadOnlyList<IMadangModule> modules)
    {
        services.AddOptions<MadangOptions>().Bind(configuration.GetSection(MadangOptions.Section));
        services.AddOptions<JobOptions>().Bind(configuration.GetSection("Madang:Jobs"));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection("Madang:Smtp"));
        services.AddOptions<Web.MapOptions>().Bind(configuration.GetSection("Madang:Map"));
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection("Madang:Sms"));
        services.AddOptions<Identity.CensusOptions>().Bind(configuration.GetSection("Madang:Census"));
        services.AddSingleton(TimeProvider.System);

        foreach (var m in modules)
        {
            services.AddSingleton(m);
        }

        services.AddSingleton<ModuleCatalog>();

        var options = configuration.GetSection(MadangOptions.Section).Get<MadangOptions>() ?? new MadangOptions();
        var connectionString = DatabaseSetup.ResolveConnectionString(options);
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobSignalInterceptor>();
        services.AddDbContext<MadangDbContext>((sp, b) =>
        {
            DatabaseSetup.Configure(b, options.Database.Provider, connectionString);
            b.AddInterceptors(sp.GetRequiredService<JobSignalInterceptor>());
        });

        services.AddScoped<AuditLog>();
        services.AddScoped<JobQueue>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobMetrics>();
        services.AddJobHandler<ProbeJob>(KernelJobs.Probe);
        services.AddJobHandler<EmailJob>(KernelJobs.Email);
        services.AddJobHandler<SmsJob>(KernelJobs.Sms);
        services.AddHttpClient("sms");

        services.AddSingleton<IFileStore>(sp => new LocalFileStore(Path.Combine(sp.GetRequiredService<IOptions<MadangOptions>>().Value.FullDataDir, "files")));
        services.AddScoped<ImageCleaner>();
        services.AddScoped<Unsubscribe>();

        var smtpHost = configuration["Madang:Smtp:Host"];
        if (!string.IsNullOrWhiteSpace(smtpHost))
        {
            services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }
        else
        {
            // Without SMTP, mail lands in DataDir/mail so the first `dotnet run` needs nothing else installed.
            services.AddSingleton<PickupFolderEmailTransport>();
            services.AddSingleton<IEmailTransport>(sp => sp.GetRequiredService<PickupFolderEmailTransport>());
        }

        services.AddSingleton<SiteLinks>();
        services.AddScoped<Notifier>();
        services.AddScoped<ISearchIndex, SearchIndex>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<Identity.VerificationService>();
        services.AddSingleton<Privacy.PiiScreener>();
        services.AddScoped<Organisations.OrganisationCommands>();
        services.AddScoped<Organisations.StaffDirectory>();
        services.AddScoped<Links.ResourceLinks>();
        services.AddScoped<ISearchSource, Organisations.OrganisationSearch>();
        services.AddSingleton<SearchReindexer>();

        services.AddSingleton(sp => new TextCatalog(
            new[] { typeof(KernelServices).Assembly }.Concat(modules.Select(m => m.GetType().Assembly))
                .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.StartsWith("Madang.", StringComparison.Ordinal) == true))));
        services.AddSingleton<IStringLocalizerFactory, CatalogStringLocalizerFactory>();
        services.AddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        services.AddTransient<IStringLocalizer>(sp => sp.GetRequiredService<IStringLocalizerFactory>().Create(typeof(KernelServices)));

        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();

        foreach (var m in modules)
        {
            m.AddServices(services, configuration);
        }

        return services;
    }

    /// <summary>Registers a job handler under its type name.</summary>
    public static IServiceCollection AddJobHandler<T>(this IServiceCollection services, string type)
        where T : class, IJobHandler =>
        services.AddKeyedScoped<IJobHandler, T>(type);
}

/// <summary>After a commit that added jobs, wakes this process's workers.</summary>
internal sealed class JobSignalInterceptor(JobSignal signal) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Fire(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Fire(eventData);
        return ValueTask.FromResult(result);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Pending = [];

    private static void Remember(DbContextEventData e)
    {
        if (e.Context is { } ctx && ctx.ChangeTracker.Entries<Job>().Any(j => j.State == EntityState.Added))
        {
            Pending.AddOrUpdate(ctx, true);
        }
    }

    private void Fire(DbContextEventData e)
    {
        if (e.Context is { } ctx && Pending.TryGetValue(ctx, out _))
        {
            Pending.Remove(ctx);
            signal.Notify();
        }
    }
}
