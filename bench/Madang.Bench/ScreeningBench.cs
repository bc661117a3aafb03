using System.Diagnostics;
using System.Globalization;
using System.Text;
using Madang.Core.Privacy;
using Madang.Testing;

namespace Madang.Bench;

/// <summary>Layer-1 screening throughput over synthetic documents, with ripgrep running equivalent patterns as the ceiling.</summary>
public static class ScreeningBench
{
    // The identifier and contact shapes the screener looks for, as one alternation ripgrep can run.
    private const string RipgrepPattern =
        @"\d{6}\s?-?\s?\d{7}|\d{4}[- ]?\d{4}[- ]?\d{4}|[A-Z][1289]\d{8}|\d{4}[- ]?\d{4}[- ]?\d{4}[- ]?\d{1,7}|(\+\d{1,3}[-. ]?)?\(?0\d{1,4}\)?[-. )]{0,2}\d{2,4}[-. ]?\d{2,4}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}|(성명|이름|주소|생년월일|氏名|住所|生年月日|姓名|地址|出生日期|Name|Address|Date of birth)\s*[:：]";

    public static async Task<int> RunAsync(int megabytes)
    {
        // About 4 KB per document, like an approval document: prose, numbers, dates and amounts, and in one document of
        // four a block of personal data (the labelled corpus, planted values of every type).
        var docs = new List<string>();
        long bytes = 0;
        var random = new Random(42);
        using var planted = PiiCorpus.Generate(int.MaxValue, seed: 42).GetEnumerator();
        var prose = Corpus.Generate(int.MaxValue, seed: 7).GetEnumerator();
        while (bytes < megabytes * 1048576L)
        {
            var sb = new StringBuilder();
            while (Encoding.UTF8.GetByteCount(sb.ToString()) < 4096 && prose.MoveNext())
            {
                sb.AppendLine(prose.Current.Title).AppendLine(prose.Current.Body[..Math.Min(prose.Current.Body.Length, 600)]);
                if (random.Next(16) == 0 && planted.MoveNext())
                {
                    sb.AppendLine(planted.Current.Text);
                }
            }

            docs.Add(sb.ToString());
            bytes += Encoding.UTF8.GetByteCount(docs[^1]);
        }

        var screener = new PiiScreener();
        foreach (var d in docs.Take(200))
        {
            screener.Screen(d); // JIT, and libphonenumber's metadata loads on first use
        }
        // A server screens continuously: the first pass still runs tier-0 JIT code, so it is reported apart as "cold"
        // and the figure that counts is the third pass.
        var watch = Stopwatch.StartNew();
        var findings = 0L;
        var mb = bytes / 1048576.0;
        var seconds = 0.0;
        for (var pass = 1; pass <= 3; pass++)
        {
            findings = 0;
            watch.Restart();
            foreach (var d in docs)
            {
                findings += screener.Screen(d).Findings.Count;
            }

            seconds = watch.Elapsed.TotalSeconds;
            if (pass == 1)
            {
                Metric("screening_throughput_cold", mb / seconds, "MB/s");
            }
        }

        Metric("screening_throughput", mb / seconds, "MB/s");
        Metric("screening_findings", findings, "findings");
        Metric("screening_text", mb, "MiB");

        // Where the time goes: normalisation and each detector alone.
        watch.Restart();
        foreach (var d in docs)
        {
            _ = new NormalizedText(d);
        }

        Metric("screening_normalise_throughput", mb / watch.Elapsed.TotalSeconds, "MB/s");
        foreach (IPiiDetector detector in new IPiiDetector[] { new IdentifierDetector(), new ContactDetector(), new LabelledDetector(), new HonorificNameDetector() })
        {
            var texts = docs.Select(d => new NormalizedText(d)).ToList();
            watch.Restart();
            foreach (var t in texts)
            {
                foreach (var _ in detector.Detect(t))
                {
                }
            }

            Metric("screening_" + detector.GetType().Name.Replace("Detector", string.Empty, StringComparison.Ordinal).ToLowerInvariant() + "_throughput", mb / watch.Elapsed.TotalSeconds, "MB/s");
        }

        var file = Path.Combine(Path.GetTempPath(), $"madang-screening-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(file, docs);
        try
        {
            var psi = new ProcessStartInfo("rg", ["--count-matches", "--no-config", "-j1", RipgrepPattern, file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            watch.Restart();
            using var rg = Process.Start(psi) ?? throw new InvalidOperationException("ripgrep did not start");
            await rg.StandardOutput.ReadToEndAsync();
            await rg.WaitForExitAsync();
            var rgSeconds = watch.Elapsed.TotalSeconds;
            Metric("screening_ripgrep_throughput", mb / rgSeconds, "MB/s");
            Metric("screening_ratio_to_ripgrep", seconds / rgSeconds, "x");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("ripgrep (rg) is not installed: apt-get install ripgrep");
            return 1;
        }
        finally
        {
            File.Delete(file);
        }

        return 0;
    }

    private static void Metric(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric: {name} {value:0.###} {unit}"));
}
