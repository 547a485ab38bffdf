using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodeStack.Hosting.Profiles;

namespace Aspire.Hosting;

/// <summary>Makes the NodeStack profile settings available to the composition and to services.</summary>
public static class NodeStackSettingsBuilderExtensions
{
    /// <summary>
    /// Reads and validates the <c>NodeStack</c> configuration section (appsettings.json, environment variables,
    /// command-line arguments such as <c>--NodeStack:Ethereum:Network=sepolia</c>) and registers the result as
    /// <see cref="IOptions{TOptions}"/>, and applies <c>NodeStack:Images:Registry</c> to every container image.
    /// Throws <see cref="NodeStackSettingsException"/> listing every invalid setting.
    /// </summary>
    public static NodeStackSettings AddNodeStackSettings(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = NodeStackSettingsLoader.Load(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(settings));
        NodeStack.Hosting.ContainerImageRegistry.Use(builder);
        return settings;
    }
}
