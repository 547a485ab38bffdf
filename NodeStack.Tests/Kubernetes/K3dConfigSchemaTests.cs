using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// k3d validates its config file against a JSON schema and refuses the cluster on any unknown key or wrong type; k3d
/// cannot run here, so the published <c>k3d/cluster.yaml</c> is checked against the same structure: k3d v5's
/// <c>k3d.io/v1alpha5</c> SimpleConfig (k3d-io/k3d, <c>pkg/config/v1alpha5/schema.json</c>), transcribed below with
/// <c>additionalProperties: false</c> at every level where the schema has it.
/// </summary>
public class K3dConfigSchemaTests
{
    private static readonly Shape NodeFilters = new ListOf(new Scalar(ScalarType.String));

    private static Mapping Filtered(string key) => new Mapping(new() { [key] = new Scalar(ScalarType.String), ["nodeFilters"] = NodeFilters });

    private static readonly Shape SimpleConfig = new Mapping(new()
    {
        ["apiVersion"] = new Scalar(ScalarType.String),
        ["kind"] = new Scalar(ScalarType.String),
        ["metadata"] = new Mapping(new() { ["name"] = new Scalar(ScalarType.String) }),
        ["servers"] = new Scalar(ScalarType.Number),
        ["agents"] = new Scalar(ScalarType.Number),
        ["kubeAPI"] = new Mapping(new() { ["host"] = new Scalar(ScalarType.String), ["hostIP"] = new Scalar(ScalarType.String), ["hostPort"] = new Scalar(ScalarType.String) }),
        ["image"] = new Scalar(ScalarType.String),
        ["network"] = new Scalar(ScalarType.String),
        ["subnet"] = new Scalar(ScalarType.String),
        ["token"] = new Scalar(ScalarType.String),
        ["volumes"] = new ListOf(Filtered("volume")),
        ["manifests"] = new ListOf(new Mapping(new() { ["name"] = new Scalar(ScalarType.String), ["manifest"] = new Scalar(ScalarType.String) })),
        ["ports"] = new ListOf(Filtered("port")),
        ["env"] = new ListOf(Filtered("envVar")),
        ["options"] = new Mapping(new()
        {
            ["k3d"] = new Mapping(new()
            {
                ["wait"] = new Scalar(ScalarType.Boolean),
                ["timeout"] = new Scalar(ScalarType.String),
                ["disableLoadbalancer"] = new Scalar(ScalarType.Boolean),
                ["disableImageVolume"] = new Scalar(ScalarType.Boolean),
                ["disableRollback"] = new Scalar(ScalarType.Boolean),
                ["loadbalancer"] = new Mapping(new() { ["configOverrides"] = new ListOf(new Scalar(ScalarType.String)) }),
            }),
            ["k3s"] = new Mapping(new() { ["extraArgs"] = new ListOf(Filtered("arg")), ["nodeLabels"] = new ListOf(Filtered("label")) }),
            ["kubeconfig"] = new Mapping(new() { ["updateDefaultKubeconfig"] = new Scalar(ScalarType.Boolean), ["switchCurrentContext"] = new Scalar(ScalarType.Boolean) }),
            ["runtime"] = new Mapping(new()
            {
                ["gpuRequest"] = new Scalar(ScalarType.String),
                ["serversMemory"] = new Scalar(ScalarType.String),
                ["agentsMemory"] = new Scalar(ScalarType.String),
                ["hostPidMode"] = new Scalar(ScalarType.Boolean),
                ["labels"] = new ListOf(Filtered("label")),
                ["ulimits"] = new ListOf(new Mapping(new() { ["name"] = new Scalar(ScalarType.String), ["soft"] = new Scalar(ScalarType.Number), ["hard"] = new Scalar(ScalarType.Number) })),
            }),
        }),
        ["registries"] = new Mapping(new()
        {
            ["create"] = new Mapping(new()
            {
                ["name"] = new Scalar(ScalarType.String),
                ["host"] = new Scalar(ScalarType.String),
                ["hostPort"] = new Scalar(ScalarType.String),
                ["image"] = new Scalar(ScalarType.String),
                ["proxy"] = new Mapping(new() { ["remoteURL"] = new Scalar(ScalarType.String), ["username"] = new Scalar(ScalarType.String), ["password"] = new Scalar(ScalarType.String) }),
                ["volumes"] = new ListOf(new Scalar(ScalarType.String)),
            }),
            ["use"] = new ListOf(new Scalar(ScalarType.String)),
            ["config"] = new Scalar(ScalarType.String),
        }),
        ["hostAliases"] = new ListOf(new Mapping(new() { ["ip"] = new Scalar(ScalarType.String), ["hostnames"] = new ListOf(new Scalar(ScalarType.String)) })),
    });

    [Fact]
    public void The_committed_k3d_config_has_only_keys_and_types_of_the_v1alpha5_SimpleConfig_schema_at_every_level()
    {
        var config = Load(File.ReadAllText(Path.Combine(AppHostPublish.CommittedTree, "k3d", "cluster.yaml")));

        Assert.Empty(Violations(config, SimpleConfig, "$"));
        Assert.Equal(["agents", "apiVersion", "image", "kind", "kubeAPI", "metadata", "options", "ports", "servers"],
            config.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("options:\n  k3s:\n    extraArg:\n    - arg: --disable=traefik\n", "$.options.k3s.extraArg: not in the schema")]
    [InlineData("ports:\n- port: 127.0.0.1:80:30080\n  nodeFilter:\n  - loadbalancer\n", "$.ports[0].nodeFilter: not in the schema")]
    [InlineData("kubeAPI:\n  hostPort: 6550\n", "$.kubeAPI.hostPort: expected a string")]
    [InlineData("servers: one\n", "$.servers: expected a number")]
    [InlineData("options:\n  kubeconfig:\n    switchCurrentContext: no-thanks\n", "$.options.kubeconfig.switchCurrentContext: expected a boolean")]
    [InlineData("ports:\n  port: 127.0.0.1:80:30080\n", "$.ports: expected a list")]
    public void The_schema_check_rejects_unknown_nested_keys_and_wrong_types_with_their_path(string yaml, string expected)
    {
        Assert.Equal([expected], Violations(Load(yaml), SimpleConfig, "$"));
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static List<string> Violations(YamlNode node, Shape shape, string path) => shape switch
    {
        Mapping o when node is YamlMappingNode map => map.Children.SelectMany(child =>
        {
            var key = ((YamlScalarNode)child.Key).Value!;
            return o.Properties.TryGetValue(key, out var inner) ? Violations(child.Value, inner, $"{path}.{key}") : [$"{path}.{key}: not in the schema"];
        }).ToList(),
        ListOf l when node is YamlSequenceNode list => list.Children.SelectMany((item, i) => Violations(item, l.Items, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"))).ToList(),
        Scalar s when node is YamlScalarNode scalar => Matches(scalar, s.Type) ? [] : [$"{path}: expected a {s.Type.ToString().ToLowerInvariant()}"],
        Mapping => [$"{path}: expected a mapping"],
        ListOf => [$"{path}: expected a list"],
        _ => [$"{path}: expected a scalar"],
    };

    /// <summary>How k3d's YAML loader types a scalar: a plain number or true/false is not a string, a quoted one is.</summary>
    private static bool Matches(YamlScalarNode scalar, ScalarType type)
    {
        var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        var value = scalar.Value ?? "";
        var isNumber = plain && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        var isBoolean = plain && value is "true" or "false";
        return type switch
        {
            ScalarType.Number => isNumber,
            ScalarType.Boolean => isBoolean,
            _ => !isNumber && !isBoolean,
        };
    }

    private enum ScalarType { String, Number, Boolean }

    private abstract record Shape;

    private sealed record Mapping(Dictionary<string, Shape> Properties) : Shape;

    private sealed record ListOf(Shape Items) : Shape;

    private sealed record Scalar(ScalarType Type) : Shape;
}
