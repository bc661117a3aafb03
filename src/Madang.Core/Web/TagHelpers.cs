using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Madang.Core.Web;

/// <summary><c>&lt;field-error key="Email" /&gt;</c>: the field's first error, with an id for <c>aria-describedby</c>.</summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    public required string Key { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var entry = ViewContext.ModelState.TryGetValue(Key, out var e) ? e : null;
        var message = entry?.Errors.FirstOrDefault()?.ErrorMessage;
        if (string.IsNullOrEmpty(message))
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", Key.Replace('.', '_') + "-error");
        output.Content.SetContent(message);
    }
}

/// <summary>Adds <c>aria-invalid</c> and <c>aria-describedby</c> to an input whose field has an error: <c>&lt;input error-for="Email"&gt;</c>.</summary>
[HtmlTargetElement("input", Attributes = "error-for")]
[HtmlTargetElement("select", Attributes = "error-for")]
[HtmlTargetElement("textarea", Attributes = "error-for")]
public sealed class ErrorForTagHelper : TagHelper
{
    public required string ErrorFor { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ModelState.TryGetValue(ErrorFor, out var e) && e.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            // The error first, then any hint the field already points to: both are read.
            var error = ErrorFor.Replace('.', '_') + "-error";
            var hint = output.Attributes.TryGetAttribute("aria-describedby", out var a) ? a.Value?.ToString() : null;
            output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(hint) ? error : error + " " + hint);
        }
    }
}

/// <summary>
/// <c>&lt;ask-question type="document" key="…" /&gt;</c>: the "Ask a question" link about an item, when a module takes
/// questions (<see cref="Links.IAskLink"/>); nothing otherwise.
/// </summary>
[HtmlTargetElement("ask-question", TagStructure = TagStructure.WithoutEndTag)]
public sealed class AskTagHelper(IServiceProvider services, Microsoft.Extensions.Localization.IStringLocalizer localizer) : TagHelper
{
    public required string Type { get; set; }

    public required string Key { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (services.GetService(typeof(Links.IAskLink)) is not Links.IAskLink ask)
        {
            output.SuppressOutput();
            return;
        }

        var culture = CultureMiddleware.Current(ViewContext.HttpContext);
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "ask-question");
        var link = new TagBuilder("a");
        link.Attributes["href"] = "/" + culture + "/" + ask.PathFor(Type, Key);
        link.AddCssClass("button");
        link.InnerHtml.Append(localizer["ask.link"]);
        output.Content.SetHtmlContent(link);

        // Questions already asked about it, so a reader finds answers before asking again.
        var (count, path) = await ask.AskedAsync(Type, Key, ViewContext.HttpContext.RequestAborted);
        if (count > 0)
        {
            var list = new TagBuilder("a");
            list.Attributes["href"] = "/" + culture + "/" + path;
            list.InnerHtml.Append(localizer["ask.asked", count]);
            output.Content.AppendHtml(" ").AppendHtml(list);
        }
    }
}
