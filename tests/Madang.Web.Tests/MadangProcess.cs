using System.Diagnostics;
using System.Text;

namespace Madang.Web.Tests;

/// <summary>Runs the real <c>madang</c> executable (Madang.Web.dll) as its own process, as an operator would.</summary>
public sealed class MadangProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private MadangProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (output) { return output.ToString(); } } }

    public static string WebDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Madang.slnx")))
            {
                dir = dir.Parent;
            }

            var dll = Path.Combine(dir!.FullName, "src", "Madang.Web", "bin", configuration, "net10.0", "Madang.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build Madang.Web first.", dll);
        }
    }

    public static MadangProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static MadangProcess Start(IDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(WebDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        return new MadangProcess(Process.Start(psi)!);
    }

    /// <summary>Runs a command to the end and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<(int ExitCode, string Output)> RunAsync(IDictionary<string, string> environment, params string[] args)
    {
        using var p = Start(environment, args);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.process.WaitForExitAsync(cts.Token);
        p.process.WaitForExit(); // flush the asynchronous output readers
        return (p.process.ExitCode, p.Output);
    }

    /// <summary>SIGKILL: no shutdown hooks, no finally blocks, as when a node dies.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
