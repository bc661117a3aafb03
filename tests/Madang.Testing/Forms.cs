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

    /// <summary>Posts a form with files (<c>multipart/form-data</c>), as a browser sends an upload form.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string path, IDictionary<string, string> fields,
        IEnumerable<(string Field, string FileName, byte[] Content)> files, string? tokenFromPath = null)
    {
        var page = await client.GetStringAsync(tokenFromPath ?? path);
        var token = TokenPattern().Match(page);
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        if (token.Success)
        {
            content.Add(new StringContent(System.Net.WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        }

        foreach (var (field, fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, field, fileName);
        }

        return await client.PostAsync(path, content);
    }
}
