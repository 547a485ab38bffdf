using System.Globalization;

namespace NodeStack.Tests.Exporter;

/// <summary>A parsed /metrics answer: samples by series (name plus labels, as printed) and family types.</summary>
public sealed class ScrapedMetrics
{
    private ScrapedMetrics(string text, Dictionary<string, double> samples, Dictionary<string, string> types)
    {
        Text = text;
        Samples = samples;
        Types = types;
    }

    public string Text { get; }

    public IReadOnlyDictionary<string, double> Samples { get; }

    public IReadOnlyDictionary<string, string> Types { get; }

    public double this[string series] =>
        Samples.TryGetValue(series, out var value) ? value : throw new KeyNotFoundException($"No sample '{series}' in:\n{Text}");

    public bool Has(string series) => Samples.ContainsKey(series);

    /// <summary>Asserts each series has its expected value, listing every one that does not (or is missing).</summary>
    public void AssertValues(IReadOnlyDictionary<string, double> expected)
    {
        var wrong = expected
            .Where(pair => !Samples.TryGetValue(pair.Key, out var value) || value != pair.Value)
            .Select(pair => $"{pair.Key}: expected {pair.Value}, exported {(Samples.TryGetValue(pair.Key, out var value) ? value : "nothing")}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>True when any sample of the family (any labels) is present.</summary>
    public bool HasFamily(string name) => Samples.Keys.Any(series => series == name || series.StartsWith(name + "{", StringComparison.Ordinal));

    public static ScrapedMetrics Parse(string text)
    {
        var samples = new Dictionary<string, double>();
        var types = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (!line.StartsWith('#'))
            {
                var space = line.LastIndexOf(' ');
                var series = line[..space];
                Assert.False(samples.ContainsKey(series), $"Duplicate series {series}");
                samples[series] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return new ScrapedMetrics(text, samples, types);
    }
}
