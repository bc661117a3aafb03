using Madang.Core.Privacy;
using Madang.Testing;
using Xunit.Abstractions;

namespace Madang.Core.Tests;

/// <summary>Recall and precision per type over a labelled synthetic corpus (planted values and look-alikes).</summary>
public sealed class ScreeningCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Corpus_RecallAndPrecision_MeetTheTargets()
    {
        var screener = new PiiScreener();
        var planted = new Dictionary<PiiType, (int Total, int Found)>();
        var checkRule = (Total: 0, Found: 0);
        int findings = 0, truePositives = 0;
        var falsePositives = new List<string>();
        var misses = new List<string>();
        foreach (var doc in PiiCorpus.Generate(400))
        {
            var result = screener.Screen(doc.Text);
            findings += result.Findings.Count;
            foreach (var f in result.Findings)
            {
                if (doc.Planted.Any(p => p.Start < f.End && f.Start < p.Start + p.Length))
                {
                    truePositives++;
                }
                else if (falsePositives.Count < 20)
                {
                    falsePositives.Add($"{f.Type}: «{doc.Text.Substring(f.Start, f.Length)}» in «{doc.Text.Substring(Math.Max(0, f.Start - 15), Math.Min(doc.Text.Length, f.End + 10) - Math.Max(0, f.Start - 15)).Replace("\n", " / ", StringComparison.Ordinal)}»");
                }
            }

            foreach (var p in doc.Planted)
            {
                var found = result.Findings.Any(f => f.Type == p.Type && f.Start <= p.Start && f.End >= p.Start + p.Length);
                var (t, n) = planted.GetValueOrDefault(p.Type);
                planted[p.Type] = (t + 1, n + (found ? 1 : 0));
                if (p.HasCheckRule)
                {
                    checkRule = (checkRule.Total + 1, checkRule.Found + (found ? 1 : 0));
                }

                if (!found && misses.Count < 20)
                {
                    misses.Add($"{p.Type}: «{doc.Text.Substring(p.Start, p.Length)}»");
                }
            }
        }

        foreach (var (type, (total, found)) in planted.OrderBy(kv => kv.Key))
        {
            output.WriteLine($"recall {type,-18} {found,5}/{total,-5} {100.0 * found / total,6:0.0} %");
        }

        var overall = (double)planted.Values.Sum(v => v.Found) / planted.Values.Sum(v => v.Total);
        var precision = (double)truePositives / Math.Max(1, findings);
        output.WriteLine($"recall overall {100 * overall:0.00} %, check-rule identifiers {checkRule.Found}/{checkRule.Total}, precision {100 * precision:0.00} %");
        Assert.True(planted.Count == Enum.GetValues<PiiType>().Length, "the corpus must plant every type");
        Assert.True(checkRule.Found == checkRule.Total, "every identifier with a valid check rule must be found:\n" + string.Join("\n", misses));
        Assert.True(overall >= 0.99, $"overall recall {overall:P2} < 99 %:\n" + string.Join("\n", misses));
        output.WriteLine("false positives:\n" + string.Join("\n", falsePositives) + "\nmisses:\n" + string.Join("\n", misses));
        Assert.True(precision >= 0.95, $"precision {precision:P2} < 95 %:\n" + string.Join("\n", falsePositives));
    }
}
