using System.Globalization;
using NodeStack.Bench.Exporter;

// Scrape-latency, request-count and memory benchmark of NodeStack.Exporter against the Bitcoin Core RPC simulator.
// Usage: dotnet run -c Release --project bench/NodeStack.Bench.Exporter [-- --scrapes 500] [--jit] [--exporter <published binary>]
var scrapes = ArgumentValue(args, "--scrapes") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 500;
var exporter = ArgumentValue(args, "--exporter") is { } binary
    ? new ExporterBuild(Path.GetFullPath(binary), [], "given binary " + binary)
    : await ExporterBuild.PrepareAsync(useJit: args.Contains("--jit"));
Console.WriteLine($"Exporter: {exporter.Description}; {scrapes} sequential scrapes per row after 50 warm-up scrapes.");
Console.WriteLine();
Console.WriteLine("| node latency | exporter mode | median ms | p95 ms | HTTP requests / scrape | JSON-RPC calls / scrape | RSS MB | peak RSS MB |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");

var rows = new (string Latency, TimeSpan PerRequest, TimeSpan PerCall, string RateLimit, string Mode)[]
{
    ("0 ms per request", TimeSpan.Zero, TimeSpan.Zero, "0", "collect on every scrape"),
    ("1 ms per request", TimeSpan.FromMilliseconds(1), TimeSpan.Zero, "0", "collect on every scrape"),
    ("5 ms per request", TimeSpan.FromMilliseconds(5), TimeSpan.Zero, "0", "collect on every scrape"),
    ("1 ms per call (batch runs calls in turn)", TimeSpan.Zero, TimeSpan.FromMilliseconds(1), "0", "collect on every scrape"),
    ("5 ms per call (batch runs calls in turn)", TimeSpan.Zero, TimeSpan.FromMilliseconds(5), "0", "collect on every scrape"),
    ("1 ms per request", TimeSpan.FromMilliseconds(1), TimeSpan.Zero, "5", "RATE_LIMIT=5 (cached snapshot)"),
};
foreach (var row in rows)
{
    var result = await ScrapeBenchmark.RunAsync(exporter, row.PerRequest, row.PerCall, row.RateLimit, scrapes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row.Latency} | {row.Mode} | {result.MedianMs:F2} | {result.P95Ms:F2} | {result.RequestsPerScrape:F2} | {result.CallsPerScrape:F2} | {result.RssMb:F1} | {result.PeakRssMb:F1} |"));
}

Console.WriteLine();
Console.WriteLine("Python bitcoin-prometheus-exporter, measured against a Bitcoin Core-shaped RPC server (issue 2): ~30 ms per scrape at");
Console.WriteLine("1 ms per RPC call, 17 HTTP requests (one per call, each on a new connection) per scrape, 26 MB RSS.");
return 0;

static string? ArgumentValue(string[] args, string name) =>
    Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : null;
