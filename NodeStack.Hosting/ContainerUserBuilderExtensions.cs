using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Runs NodeStack's containers as non-root users.</summary>
public static class ContainerUserBuilderExtensions
{
    /// <summary>The unprivileged <c>nobody</c> user and group of most images (65534).</summary>
    public const int Nobody = 65534;

    /// <summary>
    /// The user and group NodeStack's nodes run as locally (geth and Lighthouse with <c>--user</c>, bitcoind through its
    /// image's <c>UID</c>/<c>GID</c>), and Fluent Bit with them. Each node creates its log file readable by its owner
    /// only (geth and Lighthouse 0600, bitcoind umask 077 inside a 0700 data directory), so the process that tails
    /// those files must be that owner; Fluent Bit mounts the node volumes read-only, so sharing the user lets it read
    /// and never write them.
    /// </summary>
    public const int NodeUser = 10001;

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

    /// <summary>
    /// In the local run, creates the directory <paramref name="path"/> owned by the container user (mode 0700) in the
    /// created container before it starts. A fresh named volume mounted there is root-owned, since Docker copies
    /// ownership into an empty volume only from a directory the image already has, and the node images have none;
    /// the directory entry, written into the created container, is applied to the mounted volume's root, so the
    /// non-root process can write its data directory. Kubernetes gives volumes to the pod's <c>fsGroup</c> instead.
    /// </summary>
    /// <param name="builder">The container resource; <see cref="WithContainerUser{T}"/> must set its user.</param>
    /// <param name="path">An absolute directory path below <c>/</c>, such as <c>/data</c>.</param>
    public static IResourceBuilder<T> WithDirectoryForContainerUser<T>(this IResourceBuilder<T> builder, string path)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var slash = path.TrimEnd('/').LastIndexOf('/');
        if (!path.StartsWith('/') || path.TrimEnd('/').Length <= 1)
        {
            throw new ArgumentException($"The directory must be an absolute path below '/', not '{path}'.", nameof(path));
        }

        if (!builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        var parent = slash == 0 ? "/" : path[..slash];
        var name = path.TrimEnd('/')[(slash + 1)..];
        return builder.WithContainerFiles(parent, (context, _) =>
        {
            var user = context.Model.Annotations.OfType<ContainerUserAnnotation>().LastOrDefault()
                ?? throw new InvalidOperationException($"'{context.Model.Name}' has no container user to own '{path}': call WithContainerUser first.");
            IEnumerable<ContainerFileSystemItem> directory =
            [
                new ContainerDirectory
                {
                    Name = name,
                    Owner = user.UserId,
                    Group = user.GroupId,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                },
            ];
            return Task.FromResult(directory);
        });
    }
}
