using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Madang.Web.Infrastructure;

/// <summary>Describes the API: title, and the bearer API key scheme.</summary>
public static class OpenApiSetup
{
    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info = new OpenApiInfo
            {
                Title = "Madang API",
                Version = "v1",
                Description = "Open-government platform API. Machine clients authenticate with `Authorization: Bearer <api key>`.",
            };
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key created by an administrator (mdg_…).",
            };
            return Task.CompletedTask;
        });
    }
}
