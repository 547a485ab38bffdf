using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace NodeStack.Hosting;

/// <summary>
/// <c>NodeStack:Images:Registry</c>: a registry (a pull-through mirror, a private registry) that replaces the registry
/// of every container image, in the local run and in the Kubernetes publish, such as <c>mirror.example:5000</c> for
/// <c>mirror.example:5000/bitcoin/bitcoin:31.1</c>. The image path and tag stay, so the mirror must hold the images
/// under their Docker Hub paths, as a Docker Hub pull-through cache does.
/// </summary>
internal static class ContainerImageRegistry
{
    public const string SettingKey = "NodeStack:Images:Registry";

    /// <summary>The problem with the configured value, as a settings error, or none.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var value = configuration[SettingKey];
        if (!string.IsNullOrWhiteSpace(value) && !IsRegistry(value.Trim()))
        {
            yield return $"{SettingKey} = '{value}' is not valid. Allowed values: empty (each image's own registry) or a registry host " +
                "with optional port and path, without scheme or trailing '/', such as mirror.example:5000 or ghcr.io/me/mirror.";
        }
    }

    /// <summary>Rewrites every image's registry once the model is complete (Aspire's own registry override does the same).</summary>
    public static void Use(IDistributedApplicationBuilder builder)
    {
        var registry = builder.Configuration[SettingKey]?.Trim();
        if (string.IsNullOrEmpty(registry))
        {
            return;
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var image in @event.Model.Resources.SelectMany(resource => resource.Annotations.OfType<ContainerImageAnnotation>()))
            {
                image.Registry = registry;
            }

            return Task.CompletedTask;
        });
    }

    private static bool IsRegistry(string value) =>
        !value.Contains("://", StringComparison.Ordinal) && !value.EndsWith('/') && !value.StartsWith('/') &&
        !value.Any(char.IsWhiteSpace) && Uri.CheckHostName(value.Split('/')[0].Split(':')[0]) != UriHostNameType.Unknown;
}
