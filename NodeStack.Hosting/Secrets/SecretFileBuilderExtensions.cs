using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Secrets;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Delivers secret parameters to containers as files.</summary>
public static class SecretFileBuilderExtensions
{
    /// <summary>
    /// Makes the value of <paramref name="secret"/> available in the container as a file at
    /// <paramref name="containerPath"/>, readable by its owner only (mode 0400): the container's user when
    /// <c>WithContainerUser</c> sets one, root otherwise. Records a <see cref="ContainerSecretFileAnnotation"/>, from which
    /// the Kubernetes publisher mounts the parameter's Secret at the same path.
    /// </summary>
    /// <param name="builder">The container resource.</param>
    /// <param name="secret">The secret parameter.</param>
    /// <param name="containerPath">An absolute file path inside the container, such as <c>/run/secrets/nodestack/jwt.hex</c>.</param>
    public static IResourceBuilder<T> WithSecretFile<T>(this IResourceBuilder<T> builder, ParameterResource secret, string containerPath)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(secret);
        var slash = containerPath.LastIndexOf('/');
        if (!containerPath.StartsWith('/') || slash == containerPath.Length - 1)
        {
            throw new ArgumentException($"The secret file path must be an absolute file path, not '{containerPath}'.", nameof(containerPath));
        }

        builder.WithAnnotation(new ContainerSecretFileAnnotation(secret, containerPath));
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            var directory = slash == 0 ? "/" : containerPath[..slash];
            var fileName = containerPath[(slash + 1)..];
            builder.WithContainerFiles(directory, async (context, cancellationToken) =>
            {
                // Looked up when the container is created, so the order of WithContainerUser and this call does not matter.
                var user = context.Model.Annotations.OfType<ContainerUserAnnotation>().LastOrDefault();
                return
                [
                    new ContainerFile
                    {
                        Name = fileName,
                        Contents = await secret.GetValueAsync(cancellationToken).ConfigureAwait(false),
                        Mode = UnixFileMode.UserRead,
                        Owner = user?.UserId,
                        Group = user?.GroupId,
                    },
                ];
            });
        }

        return builder;
    }
}
