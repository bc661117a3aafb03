using Madang.Web.Cli;
using Madang.Web.Hosting;

// One executable, two faces: `madang <verb> …` runs an operator command; anything else starts the server.
if (CliApp.IsCommand(args))
{
    return await CliApp.RunAsync(args);
}

var app = MadangApp.Build(args);
await app.InitializeAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; partial so tests can reach it through WebApplicationFactory.</summary>
public partial class Program;
