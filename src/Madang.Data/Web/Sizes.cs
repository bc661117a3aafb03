using System.Globalization;

namespace Madang.Data.Web;

/// <summary>File sizes in the reader's number format.</summary>
public static class Sizes
{
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString("N0", CultureInfo.CurrentCulture) + " B",
        < 1024 * 1024 => (bytes / 1024d).ToString("N1", CultureInfo.CurrentCulture) + " KB",
        _ => (bytes / 1048576d).ToString("N1", CultureInfo.CurrentCulture) + " MB",
    };
}
