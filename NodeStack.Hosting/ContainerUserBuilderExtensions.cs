using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting;

/// <summary>Runs NodeStack's containers as non-root users.</summary>
public static class ContainerUserBuilderExtensions
{
    /// <summary>The unprivileged <c>nobody</c> user and group of most images (65534).</summary>
    public const int Nobody = 65534;

    /// <summary>
    /// Runs the container as <paramref name="userId"/>:<paramref name="groupId"/> instead of the image's default user,
    /// and records the choice in a <see cref="ContainerUserAnnotation"/> for the Kubernetes publisher.
    /// </summary>
    /// <param name="builder">The container resource.</param>
    /// <param name="userId">The numeric user id; root (0) is refused.</param>
    /// <param name="groupId">The numeric group id; root (0) is refused.</param>
    public static IResourceBuilder<T> WithContainerUser<T>(this IResourceBuilder<T> builder, int userId, int groupId)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupId);

        var user = string.Create(CultureInfo.InvariantCulture, $"{userId}:{groupId}");
        return builder
            .WithAnnotation(new ContainerUserAnnotation(userId, groupId), ResourceAnnotationMutationBehavior.Replace)
            .WithContainerRuntimeArgs("--user", user);
    }
}
