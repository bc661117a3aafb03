namespace Madang.Web.Hosting;

/// <summary>Separates configuration options (<c>--data-dir</c>, <c>--Madang:…</c>) from a command's own arguments.</summary>
public static class ConfigArgs
{
    /// <summary>Friendly switches and the configuration keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Madang:DataDir",
        ["--provider"] = "Madang:Database:Provider",
        ["--connection-string"] = "Madang:Database:ConnectionString",
        ["--base-url"] = "Madang:BaseUrl",
        ["--environment"] = "environment",
        ["--urls"] = "urls",
    };

    public static (string[] Config, string[] Remaining) Split(string[] args)
    {
        var config = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var name = a.Split('=', 2)[0];
            var isConfig = Switches.ContainsKey(name)
                || a.StartsWith("--Madang:", StringComparison.OrdinalIgnoreCase)
                || a.StartsWith("--Madang__", StringComparison.OrdinalIgnoreCase)
                || a.StartsWith("--ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || a.StartsWith("--Logging:", StringComparison.OrdinalIgnoreCase);
            if (!isConfig)
            {
                rest.Add(a);
                continue;
            }

            config.Add(a);
            if (!a.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
            {
                config.Add(args[++i]);
            }
        }

        return (config.ToArray(), rest.ToArray());
    }
}
