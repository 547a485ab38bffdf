using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Monitoring;

/// <summary>
/// Runs NodeStack's node log parsing the way Fluent Bit does, with the engines Fluent Bit embeds: the regex parsers
/// under Onigmo (Ruby's regex engine, which Fluent Bit uses) and the Lua filter under LuaJIT (Fluent Bit's Lua).
/// The regexes are read back from the generated Fluent Bit configuration, so YAML quoting is part of the test.
/// </summary>
public class FluentBitParserTests
{
    // Onigmo matches each line with the parser's regex; the captured time must parse with the parser's time_format.
    private const string RubyParser = """
        require 'json'
        require 'date'
        cases = JSON.parse(STDIN.read)
        puts JSON.generate(cases.map { |c|
          m = Regexp.new(c['regex']).match(c['line'])
          next nil if m.nil?
          captures = m.named_captures.reject { |_, v| v.nil? }
          time = captures['time']
          parsed = begin; DateTime.strptime(time, c['time_format']); true; rescue ArgumentError; false; end
          { 'captures' => captures, 'time_parsed' => parsed }
        })
        """;

    [Fact]
    public async Task Onigmo_splits_real_node_log_lines_into_level_time_message_and_fields()
    {
        var parsed = await ParseWithOnigmoAsync(NodeLogSamples.All.Select(s => (s.Format, s.Line)));

        Assert.Equal(NodeLogSamples.All.Count, parsed.Count);
        Assert.All(NodeLogSamples.All.Zip(parsed), pair =>
        {
            var (sample, result) = pair;
            Assert.True(result is not null, $"No parser match for {sample}");
            Assert.True(result!["time_parsed"]!.GetValue<bool>(), $"Time of {sample} does not parse with the parser's time_format.");
            Assert.False(string.IsNullOrEmpty(result["captures"]!["message"]?.GetValue<string>()), $"No message in {sample}");
        });
    }

    [Fact]
    public async Task Parsed_node_lines_become_records_with_severity_message_and_one_key_per_attribute()
    {
        var records = await ParseAndNormalizeAsync(NodeLogSamples.All.Select(s => (s.Format, s.Line)).ToList());

        Assert.Equal(NodeLogSamples.All.Count, records.Count);
        Assert.All(NodeLogSamples.All.Zip(records), pair =>
        {
            var (sample, record) = pair;
            foreach (var (key, value) in sample.Expected)
            {
                Assert.True(record.TryGetValue(key, out var actual), $"{sample}: no '{key}' in {string.Join(", ", record.Keys)}");
                Assert.True(value == actual, $"{sample}: {key} is '{actual}', expected '{value}'");
            }

            Assert.False(record.ContainsKey("fields"), $"{sample}: the raw fields text was not consumed.");
            Assert.False(record.ContainsKey("level"), $"{sample}: the raw level was not turned into a severity.");
        });
    }

    [Fact]
    public async Task Severity_is_set_only_in_the_OTLP_metadata_so_the_output_exports_it_once()
    {
        // The opentelemetry output turns every record key into a log attribute (logs_body_key_attributes) but skips the
        // "otlp" metadata it reads the severity from.
        var records = await ParseAndNormalizeAsync(NodeLogSamples.All.Select(s => (s.Format, s.Line)).ToList());

        Assert.All(records, record =>
        {
            Assert.Contains("otlp.severity_number", record.Keys);
            Assert.DoesNotContain(record.Keys, key => key.StartsWith("severity", StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task For_standard_output_the_severity_joins_the_record_as_a_field()
    {
        using var folder = new TemporaryFolder();
        var script = folder.Write(FluentBitConfigGenerator.LuaScriptFileName, MonitoringAssets.FluentBitLuaScript.Content);
        var harness = folder.Write("harness.lua", $$"""
            dofile([==[{{script}}]==])
            local code, _, _, record = nodestack_severity_as_field("node", 0, {}, { otlp = { severity_text = "WARN", severity_number = 13 } }, { message = "m" })
            local unchanged = nodestack_severity_as_field("node", 0, {}, {}, { message = "m" })
            io.write(code, " ", record.severity, " ", unchanged)
            """);

        var result = await ToolProcess.RunAsync(RequiredTool.OnPath("luajit", "apt-get install luajit"), [harness]);

        Assert.Equal("1 WARN 0", result.Output);
    }

    [Theory]
    [InlineData(NodeLogFormats.Geth)]
    [InlineData(NodeLogFormats.Bitcoind)]
    [InlineData(NodeLogFormats.Lighthouse)]
    public async Task Empty_and_blank_lines_are_dropped_in_both_runtimes(string format)
    {
        var records = await NormalizeAsync(
        [
            new(format, new() { ["log"] = "" }),
            new(format, new() { ["log"] = "   \t" }),
            // A kubelet container log line whose content is empty, after the cri multiline parser.
            new(format, new() { ["log"] = "", ["stream"] = "stderr", ["time"] = "2026-12-02T06:26:07.123456789Z", ["_p"] = "F" }),
        ]);

        Assert.All(records, record => Assert.Equal(new Dictionary<string, string> { ["dropped"] = "true" }, record));
    }

    [Theory]
    [InlineData(NodeLogFormats.Geth, "INFO [12-31|23:59:00.000] Looking for peers                        peercount=0")]
    [InlineData(NodeLogFormats.Lighthouse, "Dec 31 23:59:00.000 INFO Synced                                        slot: 1")]
    public async Task A_yearless_line_is_never_dated_after_the_moment_it_is_read(string format, string line)
    {
        // Read 10 s into 2027: the parser gives the December line the current year, 2027, eleven months ahead.
        var readTime = new DateTimeOffset(2027, 1, 1, 0, 0, 10, TimeSpan.Zero);
        var lastDecember = new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero);
        var parsed = (await ParseWithOnigmoAsync([(format, line)])).Single();
        var record = RecordAfterParserFilter(line, parsed);

        var records = await NormalizeAsync(
        [
            new(format, record, lastDecember.AddYears(1).ToUnixTimeMilliseconds() / 1000.0),
            new(format, record, readTime.AddSeconds(-5).ToUnixTimeMilliseconds() / 1000.0),
            new(format, record, readTime.AddSeconds(0.5).ToUnixTimeMilliseconds() / 1000.0),
        ], readTime);

        Assert.Equal(UnixSeconds(lastDecember), records[0]["timestamp"]);
        Assert.Equal(UnixSeconds(readTime.AddSeconds(-5)), records[1]["timestamp"]);
        // os.time() has whole seconds: a line from within the current second keeps its year.
        Assert.Equal(UnixSeconds(readTime.AddSeconds(0.5)), records[2]["timestamp"]);
    }

    [Fact]
    public async Task A_bitcoind_line_keeps_its_own_year()
    {
        var readTime = new DateTimeOffset(2027, 1, 1, 0, 0, 10, TimeSpan.Zero);
        const string line = "2026-12-31T23:59:00Z UpdateTip: new best=00 height=1";
        var record = RecordAfterParserFilter(line, (await ParseWithOnigmoAsync([(NodeLogFormats.Bitcoind, line)])).Single());
        var written = new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero);

        var records = await NormalizeAsync([new(NodeLogFormats.Bitcoind, record, written.ToUnixTimeSeconds())], readTime);

        Assert.Equal(UnixSeconds(written), records[0]["timestamp"]);
    }

    [Fact]
    public async Task Kubernetes_CRI_fields_are_removed_and_the_stream_is_kept_as_an_attribute()
    {
        const string line = "INFO [12-02|06:26:07.123] Imported new chain segment               number=4096";
        var record = RecordAfterParserFilter(line, (await ParseWithOnigmoAsync([(NodeLogFormats.Geth, line)])).Single());
        // reserve_data keeps the CRI keys next to the parsed ones; a joined partial line keeps "_p":"P".
        record["time"] = "2026-12-02T06:26:07.123456789Z";
        record["_p"] = "P";
        record["stream"] = "stderr";

        var shaped = (await NormalizeAsync([new(NodeLogFormats.Geth, record)])).Single();

        Assert.False(shaped.ContainsKey("time"));
        Assert.False(shaped.ContainsKey("_p"));
        Assert.Equal("stderr", shaped["stream"]);
        Assert.Equal(("Imported new chain segment", "4096"), (shaped["message"], shaped["number"]));
    }

    [Fact]
    public async Task A_line_no_parser_matches_is_shipped_whole_as_the_message()
    {
        const string stackTrace = "goroutine 1 [running]:";

        var records = await ParseAndNormalizeAsync([(NodeLogFormats.Geth, stackTrace), (NodeLogFormats.Bitcoind, stackTrace), (NodeLogFormats.Lighthouse, stackTrace)]);

        Assert.Equal(3, records.Count);
        Assert.All(records, record =>
        {
            Assert.Equal(stackTrace, record["message"]);
            Assert.False(record.ContainsKey("log"));
        });
    }

    [Fact]
    public async Task Lighthouse_stdout_lines_from_the_container_log_parse_only_because_colour_is_off()
    {
        // On Kubernetes Fluent Bit reads Lighthouse's standard output from the container log; the CRI multiline parser
        // strips "<time> stdout F " and leaves the line as Lighthouse wrote it. With --log-color=false (AddLighthouse)
        // that is the log file's text format; with colour on, ANSI SGR codes surround the level.
        const string plain = "Nov 27 06:26:07.123 INFO Synced                                        peers: \"88\", epoch: 359412, slot: 11501212";
        var coloured = plain.Replace(" INFO ", " \u001b[32mINFO\u001b[0m ", StringComparison.Ordinal);

        var parsed = await ParseWithOnigmoAsync([(NodeLogFormats.Lighthouse, plain), (NodeLogFormats.Lighthouse, coloured)]);

        var captures = parsed[0]!["captures"]!;
        Assert.Equal(("INFO", "Synced"), (captures["level"]!.GetValue<string>(), captures["message"]!.GetValue<string>()));
        Assert.Equal("peers: \"88\", epoch: 359412, slot: 11501212", captures["fields"]!.GetValue<string>());
        Assert.True(parsed[0]!["time_parsed"]!.GetValue<bool>());
        Assert.Null(parsed[1]);
    }

    private static string UnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    private static async Task<List<JsonNode?>> ParseWithOnigmoAsync(IEnumerable<(string Format, string Line)> lines)
    {
        var ruby = RequiredTool.OnPath("ruby", "apt-get install ruby");
        var parsers = GeneratedParsers();
        var cases = new JsonArray(lines.Select(l => (JsonNode)new JsonObject
        {
            ["regex"] = parsers[l.Format].Regex,
            ["time_format"] = parsers[l.Format].TimeFormat,
            ["line"] = l.Line,
        }).ToArray());

        var result = await ToolProcess.RunAsync(ruby, ["-e", RubyParser], input: cases.ToJsonString());

        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Output)!.AsArray().ToList();
    }

    /// <summary>What the parser filter (Onigmo) and then the Lua filter (LuaJIT) make of each line.</summary>
    private static async Task<List<Dictionary<string, string>>> ParseAndNormalizeAsync(List<(string Format, string Line)> lines)
    {
        var parsed = await ParseWithOnigmoAsync(lines);
        return await NormalizeAsync(lines.Zip(parsed, (line, result) => new LuaCase(line.Format, RecordAfterParserFilter(line.Line, result))).ToList());
    }

    /// <summary>
    /// Runs each record through its format's Lua callback as Fluent Bit's metadata-aware Lua filter calls it, with the
    /// clock (<c>os.time</c>) reading <paramref name="readTime"/> when given. Each result lists the record's keys, the OTLP
    /// metadata the output reads (<c>otlp.*</c>) and the record's <c>timestamp</c>, or only <c>dropped=true</c>.
    /// </summary>
    private static async Task<List<Dictionary<string, string>>> NormalizeAsync(List<LuaCase> cases, DateTimeOffset? readTime = null)
    {
        var luajit = RequiredTool.OnPath("luajit", "apt-get install luajit");
        using var folder = new TemporaryFolder();
        var script = folder.Write(FluentBitConfigGenerator.LuaScriptFileName, MonitoringAssets.FluentBitLuaScript.Content);
        var harness = folder.Write("harness.lua", LuaHarness(script, cases, readTime));

        var result = await ToolProcess.RunAsync(luajit, [harness]);

        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.Split("--\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>A record as the parser filter hands it to the Lua filter, with the timestamp the parser gave it (Unix seconds).</summary>
    private sealed record LuaCase(string Format, Dictionary<string, string> Record, double Timestamp = 0);

    // Fluent Bit's parser filter replaces "log" with the captures (time becomes the record's timestamp), or leaves
    // the record alone when the regex does not match.
    private static Dictionary<string, string> RecordAfterParserFilter(string line, JsonNode? parsed) =>
        parsed is null
            ? new Dictionary<string, string> { ["log"] = line }
            : parsed["captures"]!.AsObject()
                .Where(capture => capture.Key != "time")
                .ToDictionary(capture => capture.Key, capture => capture.Value!.GetValue<string>());

    private static string LuaHarness(string script, IEnumerable<LuaCase> cases, DateTimeOffset? readTime)
    {
        var lua = new StringBuilder();
        if (readTime is { } now)
        {
            lua.AppendLine(CultureInfo.InvariantCulture, $"os.time = function() return {now.ToUnixTimeSeconds()} end");
        }

        lua.AppendLine(CultureInfo.InvariantCulture, $"dofile([==[{script}]==])");
        lua.AppendLine("""
            local function emit(code, timestamp, metadata, record)
              if code == -1 then io.write("dropped=true\n--\n") return end
              assert(code == 1, "unexpected return code " .. tostring(code))
              local lines = {}
              for key, value in pairs(record) do lines[#lines + 1] = key .. "=" .. tostring(value) end
              for key, value in pairs(metadata.otlp or {}) do lines[#lines + 1] = "otlp." .. key .. "=" .. tostring(value) end
              lines[#lines + 1] = string.format("timestamp=%.3f", timestamp)
              table.sort(lines)
              io.write(table.concat(lines, "\n"), "\n--\n")
            end
            """);
        foreach (var (format, record, timestamp) in cases)
        {
            var fields = string.Join(", ", record.Select(kv => $"[ [==[{kv.Key}]==] ] = [==[{kv.Value}]==]"));
            lua.AppendLine(CultureInfo.InvariantCulture,
                $"emit(nodestack_{format}(\"node\", {timestamp.ToString("R", CultureInfo.InvariantCulture)}, {{}}, {{}}, {{ {fields} }}))");
        }

        return lua.ToString();
    }

    private sealed record ParserDefinition(string Regex, string TimeFormat);

    /// <summary>The parsers as Fluent Bit reads them: from the generated configuration, after YAML unquoting.</summary>
    private static Dictionary<string, ParserDefinition> GeneratedParsers()
    {
        var yaml = FluentBitConfigGenerator.ForLocalRun([], new FluentBitStdoutOutput(), FluentBitResource.ConfigDirectory);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var parsers = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["parsers"];
        return parsers.Cast<YamlMappingNode>().ToDictionary(
            parser => ((YamlScalarNode)parser["name"]).Value!["nodestack-".Length..],
            parser => new ParserDefinition(((YamlScalarNode)parser["regex"]).Value!, ((YamlScalarNode)parser["time_format"]).Value!));
    }
}
