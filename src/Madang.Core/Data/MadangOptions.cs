namespace Madang.Core.Data;

/// <summary>The <c>Madang</c> configuration section.</summary>
public sealed class MadangOptions
{
    public const string Section = "Madang";

    /// <summary>Folder for the SQLite database, files, mail pickup and keys. Relative paths are from the working directory.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Public base URL used in e-mails (e.g. https://open.city.example). Defaults to the request's host.</summary>
    public string? BaseUrl { get; set; }

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Seed the demo city when the database has no organisation yet.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Run job workers inside the web process. Turn off on nodes that should only serve pages.</summary>
    public bool RunWorkers { get; set; } = true;

    public string FullDataDir => Path.GetFullPath(DataDir);
}

/// <summary>Which database and how to reach it.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty for SQLite means <c>DataDir/madang.db</c>.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>The two supported databases.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
