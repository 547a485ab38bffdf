using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace NodeStack.Hosting.Kubernetes.Publishing;

/// <summary>
/// YAML for the files that are not Kubernetes objects (kustomizations, the k3d config), from small typed records:
/// camelCase keys in declaration order, nulls omitted, LF line endings.
/// </summary>
internal static class PlainYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .DisableAliases()
        .Build();

    public static string Serialize(object value) => Serializer.Serialize(value).ReplaceLineEndings("\n");
}
