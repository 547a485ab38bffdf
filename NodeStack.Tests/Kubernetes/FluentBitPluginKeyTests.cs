using k8s;
using k8s.Models;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// Fluent Bit ignores nothing it does not know in YAML: an unknown key fails the plugin at startup, and no Fluent Bit
/// binary runs here. So every entry of the published configurations may only use keys Fluent Bit 4.2 documents for
/// that plugin. The allowlists are taken from the plugin pages of https://docs.fluentbit.io/manual/ (pipeline/inputs/tail,
/// pipeline/filters/kubernetes, pipeline/filters/parser, pipeline/filters/lua, pipeline/outputs/stdout,
/// pipeline/outputs/opentelemetry, pipeline/processors/content-modifier and opentelemetry-envelope,
/// pipeline/parsers/configuring-parser, administration/configuring-fluent-bit/yaml/service-section); the keys every
/// plugin takes (name, alias, log_level, match/tag and routing, processors) come from the YAML pipeline section page.
/// </summary>
public class FluentBitPluginKeyTests
{
    private static readonly string[] EveryInput = ["name", "alias", "tag", "log_level", "mem_buf_limit", "storage.type", "threaded", "processors"];
    private static readonly string[] EveryFilter = ["name", "alias", "match", "match_regex", "log_level"];
    private static readonly string[] EveryOutput = ["name", "alias", "match", "match_regex", "log_level", "retry_limit", "workers", "processors"];

    private static readonly Dictionary<string, string[]> Inputs = new(StringComparer.Ordinal)
    {
        ["tail"] =
        [
            "path", "exclude_path", "path_key", "offset_key", "read_from_head", "refresh_interval", "rotate_wait", "ignore_older", "skip_long_lines",
            "skip_empty_lines", "buffer_chunk_size", "buffer_max_size", "db", "db.sync", "db.locking", "db.journal_mode", "db.compare_filename",
            "exit_on_eof", "parser", "key", "inotify_watcher", "tag_regex", "static_batch_size", "file_cache_advise", "unicode.encoding",
            "multiline.parser", "multiline.key_content", "docker_mode", "docker_mode_flush", "docker_mode_parser",
        ],
    };

    private static readonly Dictionary<string, string[]> Filters = new(StringComparer.Ordinal)
    {
        ["kubernetes"] =
        [
            "buffer_size", "kube_url", "kube_ca_file", "kube_ca_path", "kube_tag_prefix", "merge_log", "merge_log_key", "merge_log_trim",
            "merge_parser", "keep_log", "tls.debug", "tls.verify", "use_journal", "cache_use_docker_id", "regex_parser", "k8s-logging.parser",
            "k8s-logging.exclude", "labels", "annotations", "kube_meta_preload_cache_dir", "dummy_meta", "dns_retries", "dns_wait_time",
            "use_kubelet", "kubelet_port", "kubelet_host", "kube_meta_cache_ttl", "kube_token_file", "kube_token_ttl", "namespace_labels",
            "namespace_annotations", "owner_references",
        ],
        ["parser"] = ["key_name", "parser", "preserve_key", "reserve_data"],
        ["lua"] = ["script", "call", "code", "type_int_key", "type_array_key", "protected_mode", "time_as_table", "enable_flb_null"],
    };

    private static readonly Dictionary<string, string[]> Outputs = new(StringComparer.Ordinal)
    {
        ["stdout"] = ["format", "json_date_key", "json_date_format"],
        ["opentelemetry"] =
        [
            "host", "port", "http_user", "http_passwd", "proxy", "http2", "grpc", "metrics_uri", "logs_uri", "traces_uri", "header",
            "log_response_payload", "logs_body_key", "logs_body_key_attributes", "logs_trace_id_message_key", "logs_span_id_message_key",
            "logs_severity_text_message_key", "logs_severity_number_message_key", "add_label", "compress", "batch_size", "tls", "tls.verify",
            "tls.ca_file", "tls.crt_file", "tls.key_file", "tls.vhost",
        ],
    };

    private static readonly Dictionary<string, string[]> Processors = new(StringComparer.Ordinal)
    {
        ["opentelemetry_envelope"] = [],
        ["content_modifier"] = ["action", "context", "key", "value", "pattern", "converted_type"],
    };

    private static readonly string[] ServiceKeys =
    [
        "flush", "grace", "daemon", "dns.mode", "log_file", "log_level", "http_server", "http_listen", "http_port", "health_check",
        "hc_errors_count", "hc_retry_failure_count", "hc_period", "parsers_file", "plugins_file", "streams_file", "storage.path",
        "storage.sync", "storage.checksum", "storage.metrics", "hot_reload",
    ];

    private static readonly string[] ParserKeys =
        ["name", "format", "regex", "time_key", "time_format", "time_keep", "time_offset", "time_strict", "types", "decode_field", "decode_field_as", "skip_empty_values"];

    public static TheoryData<string> Configurations => ["committed k8s/", "Kubernetes with an OTLP collector", "local run"];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_plugin_entry_uses_only_keys_Fluent_Bit_documents_for_that_plugin(string configuration)
    {
        var config = Parse(Yaml(configuration));
        var pipeline = (YamlMappingNode)config["pipeline"];

        Assert.Empty(UnknownKeys("service", (YamlMappingNode)config["service"], ServiceKeys));
        Assert.All(Items(config["parsers"]), parser => Assert.Empty(UnknownKeys("parser", parser, ParserKeys)));
        Assert.All(Items(pipeline["inputs"]), input => Assert.Empty(PluginUnknownKeys("input", input, Inputs, EveryInput)));
        Assert.All(Items(pipeline["filters"]), filter => Assert.Empty(PluginUnknownKeys("filter", filter, Filters, EveryFilter)));
        Assert.All(Items(pipeline["outputs"]), output => Assert.Empty(PluginUnknownKeys("output", output, Outputs, EveryOutput)));
        var processors = Items(pipeline["inputs"]).Concat(Items(pipeline["outputs"]))
            .Where(p => p.Children.ContainsKey("processors"))
            .SelectMany(p => ((YamlMappingNode)p["processors"]).Children.Values.SelectMany(Items));
        Assert.All(processors, processor => Assert.Empty(PluginUnknownKeys("processor", processor, Processors, ["name"])));
    }

    [Fact]
    public void A_key_the_plugin_does_not_document_is_reported_with_its_plugin()
    {
        var output = Items(Parse("pipeline:\n  outputs:\n  - name: stdout\n    match: '*'\n    json_date_key: date\n    format_json: on\n")["pipeline"]["outputs"]).Single();

        Assert.Equal(["output stdout: format_json"], PluginUnknownKeys("output", output, Outputs, EveryOutput));
    }

    private static string Yaml(string configuration) => configuration switch
    {
        "committed k8s/" => CommittedConfig(),
        "Kubernetes with an OTLP collector" => FluentBitConfigGenerator.ForKubernetes(
            [new("geth", NodeLogFormats.Geth, "eth-nodes", "geth-*", "geth"), new("lighthouse", NodeLogFormats.Lighthouse, "eth-nodes", "lighthouse-*", "lighthouse")],
            new FluentBitOtlpOutput("otel-collector.observability.svc", "4318", "on", VerifyTls: true, OtlpTransport.Http, new Dictionary<string, string>()),
            FluentBitResource.ConfigDirectory, "/fluent-bit/state"),
        _ => FluentBitConfigGenerator.ForLocalRun(
            [new("geth", NodeLogFormats.Geth, "/nodestack/logs/geth/logs/geth.log"), new("bitcoin", NodeLogFormats.Bitcoind, "/nodestack/logs/bitcoin/regtest/debug.log")],
            FluentBitOtlpOutput.AspireDashboard(withApiKey: true), FluentBitResource.ConfigDirectory),
    };

    private static string CommittedConfig()
    {
        var file = File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot, "k8s", "logging", "fluent-bit.yaml"));
        return KubernetesYaml.LoadAllFromString(file, strict: true).OfType<V1ConfigMap>().Single(c => c.Data?.ContainsKey("fluent-bit.yaml") == true).Data["fluent-bit.yaml"];
    }

    private static List<string> PluginUnknownKeys(string section, YamlMappingNode entry, Dictionary<string, string[]> plugins, string[] common)
    {
        var name = ((YamlScalarNode)entry["name"]).Value!;
        Assert.True(plugins.ContainsKey(name), $"{section} plugin {name} has no allowlist here: add its documented keys");
        return UnknownKeys($"{section} {name}", entry, [.. common, .. plugins[name]]);
    }

    private static List<string> UnknownKeys(string where, YamlMappingNode entry, string[] allowed) =>
        entry.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!)
            .Where(key => !allowed.Contains(key.ToLowerInvariant(), StringComparer.Ordinal))
            .Select(key => $"{where}: {key}").ToList();

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<YamlMappingNode> Items(YamlNode sequence) => ((YamlSequenceNode)sequence).Cast<YamlMappingNode>();
}
