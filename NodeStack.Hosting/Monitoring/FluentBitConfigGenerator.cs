using YamlDotNet.Serialization;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// Writes Fluent Bit's YAML configuration: one tail input per node log, NodeStack's node log parsers, the Lua
/// filter that shapes records for OTLP, and an output per node. The local run and the Kubernetes DaemonSet share
/// parsers, filters and outputs; they differ in where the lines come from. Pure functions with stable output.
/// </summary>
internal static class FluentBitConfigGenerator
{
    /// <summary>The configuration file's name.</summary>
    public const string ConfigFileName = "fluent-bit.yaml";

    /// <summary>The Lua filter's file name; deliver <see cref="MonitoringAssets.FluentBitLuaScript"/> under this name.</summary>
    public const string LuaScriptFileName = "node-log.lua";

    /// <summary>The port of Fluent Bit's HTTP server (health at <c>/api/v1/health</c>, metrics at <c>/api/v2/metrics/prometheus</c>).</summary>
    public const int HttpPort = 2020;

    private static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { NodeLogFormats.Geth, NodeLogFormats.Bitcoind, NodeLogFormats.Lighthouse };

    /// <summary>
    /// The configuration for the local run: tail each node's log file from its mounted volume, from the head the first
    /// time, then from the offset kept in <see cref="FluentBitResource.StateDirectory"/> (Fluent Bit's own volume), so a
    /// restarted Fluent Bit neither skips nor resends lines.
    /// </summary>
    /// <param name="sources">The node log files.</param>
    /// <param name="output">Where records go.</param>
    /// <param name="configDirectory">The folder inside the container that holds the configuration and the Lua script.</param>
    public static string ForLocalRun(IEnumerable<NodeLogSource> sources, FluentBitLogOutput output, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var pipelines = sources
            .Select(source => new Pipeline(source.ResourceName, source.Format, $"node.{source.ResourceName}", Kubernetes: false, new OrderedDictionary<string, object>
            {
                ["name"] = "tail",
                ["tag"] = $"node.{source.ResourceName}",
                ["path"] = source.Path,
                ["read_from_head"] = "true",
                ["db"] = OffsetDatabase(FluentBitResource.StateDirectory, source.ResourceName),
                ["refresh_interval"] = "5",
                ["skip_long_lines"] = "on",
            }))
            .ToList();
        return Build(pipelines, output, configDirectory);
    }

    /// <summary>
    /// The configuration for Fluent Bit's DaemonSet: tail the kubelet's container log files, join CRI partial lines,
    /// add Kubernetes metadata, then parse each node's lines by its format.
    /// </summary>
    /// <param name="sources">The node containers.</param>
    /// <param name="output">Where records go.</param>
    /// <param name="configDirectory">The folder (ConfigMap mount) that holds the configuration and the Lua script.</param>
    /// <param name="stateDirectory">
    /// The folder of the tail offset databases: a restarted container resumes from them; a file they do not know yet
    /// (a new container, or a new pod with a fresh folder) is read from its head, so no line is skipped.
    /// </param>
    public static string ForKubernetes(
        IEnumerable<KubernetesNodeLogSource> sources, FluentBitLogOutput output, string configDirectory, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        var pipelines = sources
            .Select(source => new Pipeline(source.ResourceName, source.Format, $"node.{source.ResourceName}.*", Kubernetes: true, new OrderedDictionary<string, object>
            {
                ["name"] = "tail",
                ["tag"] = $"node.{source.ResourceName}.*",
                ["path"] = source.Path,
                ["multiline.parser"] = "cri",
                ["read_from_head"] = "true",
                ["db"] = OffsetDatabase(stateDirectory, source.ResourceName),
                ["mem_buf_limit"] = "16MB",
                ["refresh_interval"] = "10",
                ["skip_long_lines"] = "on",
            }))
            .ToList();
        return Build(pipelines, output, configDirectory);
    }

    private static string OffsetDatabase(string stateDirectory, string resourceName) => $"{stateDirectory}/node-{resourceName}.db";

    private sealed record Pipeline(string ResourceName, string Format, string Match, bool Kubernetes, OrderedDictionary<string, object> Input);

    private static string Build(List<Pipeline> pipelines, FluentBitLogOutput output, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(configDirectory);
        Validate(pipelines);
        pipelines.Sort((a, b) => string.CompareOrdinal(a.ResourceName, b.ResourceName));

        var configuration = new OrderedDictionary<string, object>
        {
            ["service"] = new OrderedDictionary<string, object>
            {
                ["flush"] = "1",
                ["log_level"] = "info",
                ["http_server"] = "on",
                ["http_listen"] = "0.0.0.0",
                ["http_port"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["health_check"] = "on",
            },
            ["parsers"] = NodeLogParsers(),
            ["pipeline"] = new OrderedDictionary<string, object>
            {
                ["inputs"] = pipelines.Select(p => p.Input).ToList(),
                ["filters"] = pipelines.SelectMany(p => Filters(p, configDirectory, severityAsField: output is FluentBitStdoutOutput)).ToList(),
                ["outputs"] = Outputs(pipelines, output),
            },
        };

        return new SerializerBuilder().Build().Serialize(configuration);
    }

    private static void Validate(List<Pipeline> pipelines)
    {
        foreach (var pipeline in pipelines.Where(p => !Formats.Contains(p.Format)))
        {
            throw new ArgumentException(
                $"Node log of '{pipeline.ResourceName}' has format '{pipeline.Format}'; allowed: {string.Join(", ", Formats.Order(StringComparer.Ordinal))}.");
        }

        var duplicate = pipelines.GroupBy(p => p.ResourceName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Resource '{duplicate.Key}' has more than one node log; Fluent Bit tails one log per resource.");
        }
    }

    private static IEnumerable<OrderedDictionary<string, object>> Filters(Pipeline pipeline, string configDirectory, bool severityAsField)
    {
        if (pipeline.Kubernetes)
        {
            // The tail tag expands "*" to the file path with "/" as "."; the filter reads pod and namespace from it.
            yield return new OrderedDictionary<string, object>
            {
                ["name"] = "kubernetes",
                ["match"] = pipeline.Match,
                ["kube_tag_prefix"] = $"node.{pipeline.ResourceName}.var.log.containers.",
                ["merge_log"] = "off",
                ["labels"] = "on",
                ["annotations"] = "off",
            };
        }

        yield return new OrderedDictionary<string, object>
        {
            ["name"] = "parser",
            ["match"] = pipeline.Match,
            ["key_name"] = "log",
            ["parser"] = $"nodestack-{pipeline.Format}",
            ["reserve_data"] = "on",
        };
        yield return new OrderedDictionary<string, object>
        {
            ["name"] = "lua",
            ["match"] = pipeline.Match,
            ["script"] = $"{configDirectory}/{LuaScriptFileName}",
            ["call"] = $"nodestack_{pipeline.Format}",
        };

        // The severity lives in the record's otlp metadata, which only the opentelemetry output reads.
        if (severityAsField)
        {
            yield return new OrderedDictionary<string, object>
            {
                ["name"] = "lua",
                ["match"] = pipeline.Match,
                ["script"] = $"{configDirectory}/{LuaScriptFileName}",
                ["call"] = "nodestack_severity_as_field",
            };
        }
    }

    private static List<OrderedDictionary<string, object>> Outputs(List<Pipeline> pipelines, FluentBitLogOutput output) => output switch
    {
        FluentBitStdoutOutput => [new OrderedDictionary<string, object> { ["name"] = "stdout", ["match"] = "node.*", ["format"] = "json_lines" }],
        FluentBitOtlpOutput otlp => pipelines.Select(pipeline => OtlpOutput(pipeline, otlp)).ToList(),
        _ => throw new ArgumentException($"Unknown Fluent Bit output {output.GetType().Name}.", nameof(output)),
    };

    private static OrderedDictionary<string, object> OtlpOutput(Pipeline pipeline, FluentBitOtlpOutput otlp)
    {
        var settings = new OrderedDictionary<string, object>
        {
            ["name"] = "opentelemetry",
            ["match"] = pipeline.Match,
            ["host"] = otlp.Host,
            ["port"] = otlp.Port,
            ["tls"] = otlp.Tls,
            ["tls.verify"] = otlp.VerifyTls ? "on" : "off",
        };
        if (otlp.Transport == OtlpTransport.Grpc)
        {
            settings["grpc"] = "on";
            settings["http2"] = "force";
        }
        else
        {
            // Plain HTTP/1.1 keep-alive: Fluent Bit 4.2 resends the HTTP/2 preface on a kept-alive connection, which the
            // Aspire dashboard rejects, and TLS would otherwise negotiate HTTP/2 through ALPN.
            settings["http2"] = "off";
            settings["logs_uri"] = "/v1/logs";
        }

        // The other record keys become attributes; the severity comes from the record's otlp metadata (node-log.lua),
        // which the output never copies into attributes.
        settings["logs_body_key"] = "message";
        settings["logs_body_key_attributes"] = "true";
        if (otlp.Headers.Count > 0)
        {
            settings["header"] = otlp.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key} {h.Value}").ToList();
        }

        // service.name is the resource attribute the Aspire dashboard groups logs by.
        settings["processors"] = new OrderedDictionary<string, object>
        {
            ["logs"] = new List<OrderedDictionary<string, object>>
            {
                new() { ["name"] = "opentelemetry_envelope" },
                new()
                {
                    ["name"] = "content_modifier",
                    ["context"] = "otel_resource_attributes",
                    ["action"] = "upsert",
                    ["key"] = "service.name",
                    ["value"] = pipeline.ResourceName,
                },
            },
        };
        return settings;
    }

    private static List<OrderedDictionary<string, object>> NodeLogParsers()
    {
        var file = new DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, List<OrderedDictionary<string, object>>>>(MonitoringAssets.FluentBitParsers.Content);
        return file["parsers"];
    }
}
