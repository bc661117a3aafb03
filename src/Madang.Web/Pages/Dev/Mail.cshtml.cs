using Madang.Core.Notifications;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using MimeKit;

namespace Madang.Web.Pages.Dev;

/// <summary>Development only: the e-mails written to the pickup folder when no SMTP server is configured.</summary>
public sealed class DevMailModel(IWebHostEnvironment env, IServiceProvider services) : MadangPage
{
    /// <summary>A message summary.</summary>
    public sealed record Item(string Name, string Subject, string To, DateTimeOffset Date, string? TextBody);

    public string Folder { get; private set; } = string.Empty;
    public IReadOnlyList<Item> Files { get; private set; } = [];
    public Item? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? name)
    {
        if (!env.IsDevelopment() || services.GetService<PickupFolderEmailTransport>() is not { } pickup)
        {
            return NotFound();
        }

        Folder = pickup.Folder;
        var files = Directory.Exists(Folder)
            ? new DirectoryInfo(Folder).GetFiles("*.eml").OrderByDescending(f => f.Name, StringComparer.Ordinal).Take(100).ToList()
            : [];
        var items = new List<Item>();
        foreach (var f in files)
        {
            var msg = await MimeMessage.LoadAsync(f.FullName);
            items.Add(new Item(f.Name, msg.Subject ?? string.Empty, msg.To.ToString(), msg.Date, f.Name == name ? msg.TextBody : null));
        }

        Files = items;
        Message = items.FirstOrDefault(i => i.Name == name);
        return Page();
    }
}
