namespace Madang.Testing;

/// <summary>What ./test.sh provides. A missing component is a failure with a clear message, never a silent skip.</summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string PostgresAdmin => Require("MADANG_TEST_POSTGRES", "a PostgreSQL server");

    public static string SmtpHost => Require("MADANG_TEST_SMTP_HOST", "the SMTP catcher");

    public static int SmtpPort => int.Parse(Require("MADANG_TEST_SMTP_PORT", "the SMTP catcher"), System.Globalization.CultureInfo.InvariantCulture);

    public static string MailDir => Require("MADANG_TEST_MAILDIR", "the SMTP catcher");

    public static string Chromium => Environment.GetEnvironmentVariable("MADANG_TEST_CHROMIUM") is { Length: > 0 } c ? c
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : throw new InvalidOperationException("Chromium is missing: run the tests with ./test.sh, which installs it (apt-get install chromium).");

    private static string Require(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{name} is not set: {what} is needed. Run the tests with ./test.sh, which starts it.");

    /// <summary>A fresh temporary folder, removed by the caller.</summary>
    /// <summary>The system Python, whose Debian modules (rdflib, aiosmtpd) the tests use; a python3 earlier on PATH would not see them.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static string TempDir(string prefix = "madang-test")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Where tests put screenshots and other things worth looking at.</summary>
    public static string ArtifactsDir
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("MADANG_TEST_ARTIFACTS") is { Length: > 0 } a ? a
                : Path.Combine(Path.GetTempPath(), "madang-artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
