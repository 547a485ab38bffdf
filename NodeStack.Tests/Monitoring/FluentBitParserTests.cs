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
        var luajit = RequiredTool.OnPath("luajit", "apt-get install luajit");
        var parsed = await ParseWithOnigmoAsync(lines);
        using var folder = new TemporaryFolder();
        var script = folder.Write(FluentBitConfigGenerator.LuaScriptFileName, MonitoringAssets.FluentBitLuaScript.Content);
        var harness = folder.Write("harness.lua", LuaHarness(script, lines.Select(l => l.Format).Zip(parsed, RecordAfterParserFilter)
            .Select((record, i) => (lines[i].Format, record))));

        var result = await ToolProcess.RunAsync(luajit, [harness]);

        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.Split("--\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal))
            .ToList();
    }

    // Fluent Bit's parser filter replaces "log" with the captures (time becomes the record's timestamp), or leaves
    // the record alone when the regex does not match.
    private static Dictionary<string, string> RecordAfterParserFilter(string format, JsonNode? parsed) =>
        parsed is null
            ? new Dictionary<string, string> { ["log"] = "goroutine 1 [running]:" }
            : parsed["captures"]!.AsObject()
                .Where(capture => capture.Key != "time")
                .ToDictionary(capture => capture.Key, capture => capture.Value!.GetValue<string>());

    private static string LuaHarness(string script, IEnumerable<(string Format, Dictionary<string, string> Record)> records)
    {
        var lua = new StringBuilder();
        lua.AppendLine(CultureInfo.InvariantCulture, $"dofile([==[{script}]==])");
        lua.AppendLine("""
            local function emit(record)
              local keys = {}
              for key in pairs(record) do keys[#keys + 1] = key end
              table.sort(keys)
              for _, key in ipairs(keys) do io.write(key, "=", tostring(record[key]), "\n") end
              io.write("--\n")
            end
            """);
        foreach (var (format, record) in records)
        {
            var fields = string.Join(", ", record.Select(kv => $"[ [==[{kv.Key}]==] ] = [==[{kv.Value}]==]"));
            lua.AppendLine(CultureInfo.InvariantCulture, $"do local code, ts, r = nodestack_{format}(\"node\", 0, {{ {fields} }}); assert(code == 2); emit(r) end");
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
