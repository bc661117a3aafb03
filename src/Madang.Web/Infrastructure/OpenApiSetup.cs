using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Madang.Web.Infrastructure;

/// <summary>Describes the API: title, and the bearer API key scheme.</summary>
public static class OpenApiSetup
{
    public static void Configure(OpenApiOptions o)
    {
        // 3.0 rather than 3.1: the code generators and validators civic hackers already use read it everywhere.
        o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", context.Document)] = [] });
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid API key was given." });
            }

            return Task.CompletedTask;
        });
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
