using System.Text.RegularExpressions;

namespace Madang.Testing;

/// <summary>Posts HTML forms as a browser would: with the page's antiforgery token.</summary>
public static partial class Forms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, IDictionary<string, string> fields, string? tokenFromPath = null)
    {
        var page = await client.GetStringAsync(tokenFromPath ?? path);
        var token = TokenPattern().Match(page);
        var values = new Dictionary<string, string>(fields);
        if (token.Success)
        {
            values["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value);
        }

        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(path, content);
    }
}
