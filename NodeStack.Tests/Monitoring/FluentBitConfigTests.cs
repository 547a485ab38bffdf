using System.Text.RegularExpressions;
using NodeStack.Hosting.Monitoring;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Monitoring;

/// <summary>
/// No Fluent Bit binary runs here, so its YAML configuration is checked by structure: sections, plugin names, and
/// that every parser, Lua function, tag and output the pipeline refers to exists.
/// </summary>
public partial class FluentBitConfigTests
{
    private static readonly NodeLogSource[] LocalSources =
    [
        new("geth", NodeLogFormats.Geth, "/nodestack/logs/geth/logs/geth.log"),
        new("bitcoin", NodeLogFormats.Bitcoind, "/nodestack/logs/bitcoin/regtest/debug.log"),
        new("lighthouse", NodeLogFormats.Lighthouse, "/nodestack/logs/lighthouse/logs/beacon.log"),
    ];

    private static readonly KubernetesNodeLogSource[] KubernetesSources =
    [
        new("geth", NodeLogFormats.Geth, "eth-nodes", "geth-*", "geth"),
        new("bitcoin", NodeLogFormats.Bitcoind, "btc-nodes", "bitcoin-*", "bitcoin"),
    ];

    [Fact]
    public void The_local_configuration_has_a_service_the_node_parsers_and_a_tail_input_per_node_log()
    {
        var config = Local(withApiKey: true);
        var service = (YamlMappingNode)config["service"];

        Assert.Equal("on", Text(service, "health_check"));
        Assert.Equal("2020", Text(service, "http_port"));
        Assert.Equal(["nodestack-bitcoind", "nodestack-geth", "nodestack-lighthouse"], Items(config["parsers"]).Select(p => Text(p, "name")).Order(StringComparer.Ordinal));
        Assert.All(Items(config["parsers"]), parser => Assert.Equal("regex", Text(parser, "format")));
        var inputs = Section(config, "inputs");
        Assert.All(inputs, input => Assert.Equal("tail", Text(input, "name")));
        Assert.Equal(LocalSources.Select(s => s.Path).Order(StringComparer.Ordinal), inputs.Select(i => Text(i, "path")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_filter_and_output_matches_an_input_tag_and_every_parser_and_Lua_function_it_names_exists()
    {
        foreach (var config in new[] { Local(withApiKey: true), Kubernetes() })
        {
            // A tail tag's "*" expands to the file path with "/" as ".".
            var tags = Section(config, "inputs").Select(input => Text(input, "tag").Replace("*", "var.log.containers.pod_ns_c-1.log", StringComparison.Ordinal)).ToList();
            var parsers = Items(config["parsers"]).Select(p => Text(p, "name")).ToHashSet(StringComparer.Ordinal);
            var luaFunctions = LuaFunction().Matches(MonitoringAssets.FluentBitLuaScript.Content).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

            foreach (var step in Section(config, "filters").Concat(Section(config, "outputs")))
            {
                var match = new Regex("^" + Regex.Escape(Text(step, "match")).Replace(@"\*", ".*", StringComparison.Ordinal) + "$");
                Assert.True(tags.Any(match.IsMatch), $"{Text(step, "name")} matches no input: {Text(step, "match")}");
            }

            foreach (var filter in Section(config, "filters"))
            {
                switch (Text(filter, "name"))
                {
                    case "parser":
                        Assert.Contains(Text(filter, "parser"), parsers);
                        Assert.Equal("log", Text(filter, "key_name"));
                        Assert.Equal("on", Text(filter, "reserve_data"));
                        break;
                    case "lua":
                        Assert.Contains(Text(filter, "call"), luaFunctions);
                        Assert.Equal($"{FluentBitResource.ConfigDirectory}/{FluentBitConfigGenerator.LuaScriptFileName}", Text(filter, "script"));
                        break;
                    case "kubernetes":
                        break;
                    default:
                        Assert.Fail($"Unexpected filter {Text(filter, "name")}.");
                        break;
                }
            }
        }
    }

    [Fact]
    public void Each_node_parses_with_its_own_format_in_order_parser_then_Lua()
    {
        var filters = Section(Local(withApiKey: false), "filters");

        foreach (var source in LocalSources)
        {
            var own = filters.Where(f => Text(f, "match") == $"node.{source.ResourceName}").ToList();
            Assert.Equal(["parser", "lua"], own.Select(f => Text(f, "name")));
            Assert.Equal($"nodestack-{source.Format}", Text(own[0], "parser"));
            Assert.Equal($"nodestack_{source.Format}", Text(own[1], "call"));
        }
    }

    [Fact]
    public void Logs_go_to_the_Aspire_dashboard_over_OTLP_HTTP_1_1_with_the_node_resource_as_service_name()
    {
        var outputs = Section(Local(withApiKey: true), "outputs");

        Assert.Equal(LocalSources.Length, outputs.Count);
        foreach (var output in outputs)
        {
            var node = Text(output, "match")["node.".Length..];
            Assert.Equal("opentelemetry", Text(output, "name"));
            Assert.Equal("${NODESTACK_OTLP_HOST}", Text(output, "host"));
            Assert.Equal("${NODESTACK_OTLP_PORT}", Text(output, "port"));
            // Not gRPC: Fluent Bit 4.2 resends the HTTP/2 preface on a kept-alive connection and the dashboard rejects it.
            Assert.False(output.Children.ContainsKey("grpc"));
            Assert.Equal("off", Text(output, "http2"));
            Assert.Equal("/v1/logs", Text(output, "logs_uri"));
            Assert.Equal("message", Text(output, "logs_body_key"));
            Assert.Equal("true", Text(output, "logs_body_key_attributes"));
            // Severity comes from the record's otlp metadata (node-log.lua), not from record keys that would also become attributes.
            Assert.DoesNotContain(output.Children.Keys, key => ((YamlScalarNode)key).Value!.StartsWith("logs_severity", StringComparison.Ordinal));
            Assert.Equal(["x-otlp-api-key ${NODESTACK_OTLP_API_KEY}"], ((YamlSequenceNode)output["header"]).Cast<YamlScalarNode>().Select(h => h.Value));
            var processors = Items(((YamlMappingNode)output["processors"])["logs"]).ToList();
            Assert.Equal("opentelemetry_envelope", Text(processors[0], "name"));
            Assert.Equal("otel_resource_attributes", Text(processors[1], "context"));
            Assert.Equal("service.name", Text(processors[1], "key"));
            Assert.Equal(node, Text(processors[1], "value"));
        }
    }

    [Fact]
    public void Each_tail_keeps_its_offsets_in_a_database_and_reads_a_file_it_does_not_know_from_its_head()
    {
        foreach (var (config, stateDirectory) in new[] { (Local(withApiKey: false), FluentBitResource.StateDirectory), (Kubernetes(), "/var/lib/fluent-bit") })
        {
            var inputs = Section(config, "inputs");

            Assert.All(inputs, input => Assert.Equal("true", Text(input, "read_from_head")));
            Assert.Equal(
                inputs.Select(i => $"{stateDirectory}/node-{Text(i, "tag").Split('.')[1]}.db").Order(StringComparer.Ordinal),
                inputs.Select(i => Text(i, "db")).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Without_a_dashboard_API_key_no_key_header_is_sent()
    {
        Assert.All(Section(Local(withApiKey: false), "outputs"), output => Assert.False(output.Children.ContainsKey("header")));
    }

    [Fact]
    public void The_Kubernetes_configuration_tails_container_logs_with_the_CRI_parser_and_adds_Kubernetes_metadata()
    {
        var config = Kubernetes();
        var inputs = Section(config, "inputs");

        Assert.Equal(
            ["/var/log/containers/bitcoin-*_btc-nodes_bitcoin-*.log", "/var/log/containers/geth-*_eth-nodes_geth-*.log"],
            inputs.Select(i => Text(i, "path")).Order(StringComparer.Ordinal));
        Assert.All(inputs, input =>
        {
            Assert.Equal("cri", Text(input, "multiline.parser"));
            Assert.StartsWith("/var/lib/fluent-bit/", Text(input, "db"), StringComparison.Ordinal);
        });
        foreach (var input in inputs)
        {
            var kubernetes = Section(config, "filters").Single(f => Text(f, "name") == "kubernetes" && Text(f, "match") == Text(input, "tag"));
            Assert.Equal(Text(input, "tag").TrimEnd('*'), Text(kubernetes, "kube_tag_prefix")[..Text(input, "tag").TrimEnd('*').Length]);
            Assert.EndsWith(".var.log.containers.", Text(kubernetes, "kube_tag_prefix"), StringComparison.Ordinal);
        }

        Assert.Equal(["stdout"], Section(config, "outputs").Select(o => Text(o, "name")));
        // Standard output prints only the record, so the severity is copied into it last.
        Assert.All(inputs, input => Assert.Equal(
            "nodestack_severity_as_field", Text(Section(config, "filters").Last(f => Text(f, "match") == Text(input, "tag")), "call")));
    }

    [Fact]
    public void The_Kubernetes_configuration_can_ship_to_an_OTLP_collector_over_HTTP()
    {
        var otlp = new FluentBitOtlpOutput("otel-collector.monitoring.svc", "4318", "off", VerifyTls: true, OtlpTransport.Http, new Dictionary<string, string>());
        var yaml = FluentBitConfigGenerator.ForKubernetes(KubernetesSources, otlp, "/fluent-bit/etc/nodestack", "/var/lib/fluent-bit");
        var outputs = Section(Parse(yaml), "outputs");

        Assert.All(outputs, output =>
        {
            Assert.Equal("/v1/logs", Text(output, "logs_uri"));
            Assert.False(output.Children.ContainsKey("grpc"));
        });
    }

    [Fact]
    public void An_unknown_log_format_fails_and_names_the_allowed_formats()
    {
        var error = Assert.Throws<ArgumentException>(() => FluentBitConfigGenerator.ForLocalRun(
            [new NodeLogSource("reth", "reth", "/nodestack/logs/reth/reth.log")], new FluentBitStdoutOutput(), FluentBitResource.ConfigDirectory));

        Assert.Contains("'reth'", error.Message, StringComparison.Ordinal);
        Assert.Contains("bitcoind, geth, lighthouse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generating_twice_gives_identical_bytes_whatever_the_order_of_the_sources()
    {
        var output = FluentBitOtlpOutput.AspireDashboard(withApiKey: true);

        Assert.Equal(
            FluentBitConfigGenerator.ForLocalRun(LocalSources, output, FluentBitResource.ConfigDirectory),
            FluentBitConfigGenerator.ForLocalRun(LocalSources.Reverse(), output, FluentBitResource.ConfigDirectory));
    }

    private static YamlMappingNode Local(bool withApiKey) => Parse(FluentBitConfigGenerator.ForLocalRun(
        LocalSources, FluentBitOtlpOutput.AspireDashboard(withApiKey), FluentBitResource.ConfigDirectory));

    private static YamlMappingNode Kubernetes() => Parse(FluentBitConfigGenerator.ForKubernetes(
        KubernetesSources, new FluentBitStdoutOutput(), FluentBitResource.ConfigDirectory, "/var/lib/fluent-bit"));

    private static List<YamlMappingNode> Section(YamlMappingNode config, string name) =>
        Items(((YamlMappingNode)config["pipeline"])[name]).ToList();

    private static IEnumerable<YamlMappingNode> Items(YamlNode sequence) => ((YamlSequenceNode)sequence).Cast<YamlMappingNode>();

    private static string Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value ?? "" : "";

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"^function\s+(\w+)\s*\(", RegexOptions.Multiline)]
    private static partial Regex LuaFunction();
}
