using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>
/// The six standard process families, as every Prometheus client library serves them. The exporter runs in the test
/// process, so its /proc/self is the test's: each value is checked against what /proc/self shows around the scrape.
/// </summary>
public sealed class ExporterProcessMetricsTests
{
    private static readonly string[] ProcessFamilies =
    [
        "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
        "process_open_fds", "process_max_fds", "process_start_time_seconds",
    ];

    [Fact]
    public async Task Process_families_equal_what_proc_self_shows_at_the_same_moment()
    {
        RequireProcFs();
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);

        var (cpuBefore, rssBefore, virtualBefore) = (ProcSelf.CpuSeconds, ProcSelf.ResidentMemoryBytes, ProcSelf.VirtualMemoryBytes);
        var metrics = await exporter.ScrapeAsync();
        var (cpuAfter, rssAfter, virtualAfter) = (ProcSelf.CpuSeconds, ProcSelf.ResidentMemoryBytes, ProcSelf.VirtualMemoryBytes);

        // CPU only grows; memory moves with the other tests running in this process, so it gets a margin around the reads.
        Assert.InRange(metrics["process_cpu_seconds_total"], cpuBefore, cpuAfter);
        Assert.InRange(metrics["process_resident_memory_bytes"], Math.Min(rssBefore, rssAfter) - 16e6, Math.Max(rssBefore, rssAfter) + 16e6);
        Assert.InRange(metrics["process_virtual_memory_bytes"], Math.Min(virtualBefore, virtualAfter) * 0.99, Math.Max(virtualBefore, virtualAfter) * 1.01);
        Assert.Equal(ProcSelf.MaxOpenFiles, metrics["process_max_fds"]);
        Assert.InRange(metrics["process_open_fds"], 3, ProcSelf.MaxOpenFiles);
        Assert.Equal("counter", metrics.Types["process_cpu_seconds_total"]);
        Assert.All(ProcessFamilies.Skip(1), family => Assert.Equal("gauge", metrics.Types[family]));
    }

    [Fact]
    public async Task Process_open_fds_rises_when_the_process_opens_files_and_falls_when_it_closes_them()
    {
        RequireProcFs();
        const int opened = 200;
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);
        using var folder = new TemporaryFolder();
        var before = (await exporter.ScrapeAsync())["process_open_fds"];

        var files = Enumerable.Range(0, opened).Select(i => File.OpenWrite(folder.Write($"{i}.txt", ""))).ToList();
        var whileOpen = (await exporter.ScrapeAsync())["process_open_fds"];
        files.ForEach(file => file.Dispose());
        var afterClosing = (await exporter.ScrapeAsync())["process_open_fds"];

        // Other tests in this process open and close sockets meanwhile, hence the margin of a quarter.
        Assert.InRange(whileOpen - before, opened * 0.75, opened * 1.25);
        Assert.InRange(whileOpen - afterClosing, opened * 0.75, opened * 1.25);
    }

    [Fact]
    public async Task Process_start_time_is_the_boot_time_plus_the_start_tick_of_proc_self_stat()
    {
        RequireProcFs();
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(ProcSelf.StartTimeSeconds, metrics["process_start_time_seconds"], 3);
        Assert.InRange(metrics["process_start_time_seconds"], 1e9, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData(SimulatedFault.None)]
    [InlineData(SimulatedFault.WarmingUp)]
    [InlineData(SimulatedFault.DropConnection)]
    public async Task Process_families_are_served_whatever_state_the_node_is_in(SimulatedFault state)
    {
        RequireProcFs();
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.Fault = state;
        await using var exporter = await ExporterHost.StartAsync(node);

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(state == SimulatedFault.None ? 1 : 0, metrics["bitcoin_up"]);
        Assert.All(ProcessFamilies, family => Assert.True(metrics.Has(family), $"{family} missing while the node is {state}"));
    }

    [Fact]
    public async Task Process_families_are_served_while_no_node_listens_at_all()
    {
        RequireProcFs();
        await using var exporter = await ExporterHost.StartAsync(new Dictionary<string, string?>
        {
            ["BITCOIN_RPC_URL"] = $"http://user:password@127.0.0.1:{LoopbackPort.Free()}",
        });

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(0, metrics["bitcoin_up"]);
        Assert.All(ProcessFamilies, family => Assert.True(metrics.Has(family), $"{family} missing while no node listens"));
    }

    /// <summary>Outside Linux the exporter serves fewer families from the runtime; these tests check the procfs reading.</summary>
    private static void RequireProcFs() => Assert.SkipUnless(File.Exists("/proc/self/stat"), "No /proc/self/stat: these tests check the Linux (procfs) process metrics.");
}
