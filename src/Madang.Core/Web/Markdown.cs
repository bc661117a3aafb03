using Ganss.Xss;
using Markdig;

namespace Madang.Core.Web;

/// <summary>Renders Markdown written by staff or citizens (a dataset description, a proposal) to HTML that is safe to put in a page.</summary>
public static class Markdown
{
    // Raw HTML is escaped by Markdig and the sanitiser still runs: a link's javascript: URL or an image's
    // on-error attribute come from Markdown syntax itself, not only from embedded HTML.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer { KeepChildNodes = true };
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("http");
        s.AllowedSchemes.Add("mailto");
        // Headings inside a description would break the page's outline (h1 title, h2 sections).
        foreach (var tag in new[] { "h1", "h2", "h3", "img", "form", "input", "button", "style" })
        {
            s.AllowedTags.Remove(tag);
        }

        s.AllowedAttributes.Remove("style");
        s.AllowedAttributes.Remove("class");
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a)
            {
                a.SetAttribute("rel", "nofollow noopener");
            }
        };
        return s;
    }

    /// <summary>The text without Markdown marks, for excerpts in lists.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? string.Empty : Markdig.Markdown.ToPlainText(markdown, Pipeline).ReplaceLineEndings(" ").Trim();

    public static string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? string.Empty : Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));
}
