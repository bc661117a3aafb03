using MimeKit;

namespace Madang.Testing;

/// <summary>Reads the messages the test SMTP server caught.</summary>
public static class CaughtMail
{
    /// <summary>Waits for a message to <paramref name="to"/> and returns it.</summary>
    public static async Task<MimeMessage> WaitForAsync(string to, TimeSpan timeout, Func<MimeMessage, bool>? match = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var dir = TestEnvironment.MailDir;
        while (true)
        {
            foreach (var file in Directory.GetFiles(dir, "*.eml").OrderBy(f => f, StringComparer.Ordinal))
            {
                var msg = await MimeMessage.LoadAsync(file);
                if (msg.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)) && (match?.Invoke(msg) ?? true))
                {
                    return msg;
                }
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"No e-mail to {to} reached the SMTP server within {timeout}.");
            }

            await Task.Delay(200);
        }
    }

    public static string FirstLink(MimeMessage msg) =>
        System.Text.RegularExpressions.Regex.Match(msg.TextBody ?? string.Empty, @"https?://\S+").Value;
}
