using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>
/// Plans deploy, destroy and secret creation from the manifest and settings, as pure data: which tools are checked, which
/// commands run with which arguments, which objects are applied in which order, which Secrets are ensured and what is
/// deleted. <see cref="DeploymentPlanExecutor"/> carries a plan out.
/// </summary>
internal static class DeploymentPlanner
{
    public static DeploymentPlan Deploy(KubernetesManifest manifest, KubernetesPublishSettings settings, string clusterConfigPath, BuildHost? host = null)
    {
        host ??= BuildHost.Current;
        var operations = new List<DeploymentOperation>();
        if (settings.UsesK3d)
        {
            operations.Add(new DeploymentOperation.RequireTool("docker", "install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/"));
            operations.Add(new DeploymentOperation.RequireTool("k3d", "install k3d v5: https://k3d.io/#installation"));
            operations.Add(new DeploymentOperation.RequireCommand(
                "Docker daemon is reachable", new ExternalCommand("docker", ["info", "--format", "{{.ServerVersion}}"]),
                "start Docker (the daemon must be running for k3d and for building images)"));
            operations.Add(new DeploymentOperation.EnsureK3dCluster(settings.K3dCluster, clusterConfigPath, K3dPortMapping.For(settings, manifest)));
        }
        else if (manifest.ProjectImages.Count > 0 && settings.ImageRegistry.Length == 0)
        {
            throw new InvalidOperationException(
                $"{KubernetesPublishSettings.SectionName}:ImageRegistry must be set when K3dCluster is empty: the cluster pulls the project images from there.");
        }

        // Before the (slow) image builds, so a deploy into someone else's namespace stops at once.
        operations.AddRange(NamespaceChecks(manifest.Namespaces.Order(StringComparer.Ordinal), settings, ForeignNamespace.Refuse));
        foreach (var image in manifest.ProjectImages)
        {
            operations.AddRange(BuildImage(image, settings, host));
        }

        var objects = manifest.Objects.Order(PublishedObjectOrder.ApplyOrder).ToList();
        var beforeSecrets = objects.TakeWhile(o => PublishedObjectOrder.Rank(o.Kind) < PublishedObjectOrder.Rank("Secret")).ToList();
        operations.AddRange(beforeSecrets.Select(o => new DeploymentOperation.Apply(o)));
        operations.AddRange(manifest.Secrets.Select(s => new DeploymentOperation.EnsureSecret(s)));
        operations.AddRange(objects.Skip(beforeSecrets.Count).Select(o => new DeploymentOperation.Apply(o)));
        operations.AddRange(manifest.Workloads.Select(w => new DeploymentOperation.WaitForRollout(w, settings.RolloutTimeout)));
        return new DeploymentPlan(operations);
    }

    /// <summary>The Secrets alone (and the namespaces they live in), for clusters deployed with a plain <c>kubectl apply -k</c>.</summary>
    public static DeploymentPlan CreateSecrets(KubernetesManifest manifest, KubernetesPublishSettings settings)
    {
        var namespaces = manifest.Objects.Where(o => o.Kind == "Namespace" && manifest.Secrets.Any(s => s.Namespace == o.Name)).ToList();
        return new(
            NamespaceChecks(namespaces.Select(o => o.Name), settings, ForeignNamespace.Refuse)
                .Concat(namespaces.Select(o => new DeploymentOperation.Apply(o)))
                .Concat(manifest.Secrets.Select(s => new DeploymentOperation.EnsureSecret(s)))
                .ToList());
    }

    /// <summary>
    /// Removes what this stack deployed (selected by its managed-by and instance labels). Chain data claims, Secrets and
    /// namespaces stay unless <see cref="KubernetesPublishSettings.DestroyDeletesData"/>; the k3d cluster stays unless
    /// <see cref="KubernetesPublishSettings.DestroyDeletesCluster"/>.
    /// </summary>
    public static DeploymentPlan Destroy(KubernetesManifest manifest, KubernetesPublishSettings settings)
    {
        var selector = new KubernetesNaming(settings).StackSelector;
        var operations = new List<DeploymentOperation>(NamespaceChecks(manifest.Namespaces.Order(StringComparer.Ordinal), settings, ForeignNamespace.Skip));
        foreach (var @namespace in manifest.Namespaces.Order(StringComparer.Ordinal))
        {
            if (settings.DestroyDeletesData)
            {
                operations.Add(new DeploymentOperation.DeleteNamespace(@namespace));
                continue;
            }

            // Workloads first, so nothing restarts against a missing ConfigMap or Service on its way out.
            foreach (var kind in new[] { "StatefulSet", "Deployment", "DaemonSet", "Service", "ConfigMap", "NetworkPolicy", "RoleBinding", "Role", "ServiceAccount" })
            {
                operations.Add(new DeploymentOperation.DeleteCollection(kind, @namespace, selector));
            }
        }

        if (settings.DestroyDeletesCluster && settings.UsesK3d)
        {
            operations.Add(new DeploymentOperation.RequireTool("k3d", "install k3d v5: https://k3d.io/#installation"));
            operations.Add(new DeploymentOperation.RunCommand(
                $"Delete k3d cluster {settings.K3dCluster}", new ExternalCommand("k3d", ["cluster", "delete", settings.K3dCluster]),
                "check `k3d cluster list`"));
        }

        return new DeploymentPlan(operations);
    }

    // The owner labels are the stack labels the publisher gives every namespace, so the check cannot drift from them.
    private static IEnumerable<DeploymentOperation> NamespaceChecks(IEnumerable<string> namespaces, KubernetesPublishSettings settings, ForeignNamespace onForeign)
    {
        var ownerLabels = new KubernetesNaming(settings).StackLabels();
        return namespaces.Select(n => new DeploymentOperation.CheckNamespaceOwner(n, ownerLabels, onForeign));
    }

    private static IEnumerable<DeploymentOperation> BuildImage(ProjectImage image, KubernetesPublishSettings settings, BuildHost host)
    {
        var native = image.NativeAot && host.IsLinux;
        if (native)
        {
            yield return new DeploymentOperation.RequireTool("clang",
                $"{image.Resource} is compiled ahead of time, which needs clang and zlib's development files (Debian/Ubuntu: apt-get install clang zlib1g-dev)");
        }

        var arguments = new List<string>
        {
            "publish", image.ProjectPath, "--configuration", "Release", "-t:PublishContainer",
            "-p:ContainerRepository=" + image.Repository,
            "-p:ContainerImageTag=" + image.Tag,
            // Ubuntu chiseled: no shell or package manager in the image, and the non-root app user (1654) by default. The SDK
            // puts a native executable on runtime-deps and anything else on aspnet.
            "-p:ContainerFamily=noble-chiseled",
        };
        if (image.NativeAot && !native)
        {
            // Native AOT compiles for the operating system it runs on; elsewhere the image runs the same code on the JIT.
            arguments.Add("-p:PublishAot=false");
        }

        if (!settings.UsesK3d)
        {
            arguments.Add("-p:ContainerRegistry=" + settings.ImageRegistry);
        }

        var kind = native ? "Native AOT on runtime-deps" : image.NativeAot ? "JIT on aspnet: Native AOT builds only on Linux" : "on aspnet";
        yield return new DeploymentOperation.RunCommand(
            $"Build image {image.Reference(settings.UsesK3d ? "" : settings.ImageRegistry)} ({kind})", new ExternalCommand("dotnet", arguments),
            "see the build output above; the .NET SDK container support needs Docker running (or a registry login for ImageRegistry)");
        if (settings.UsesK3d)
        {
            yield return new DeploymentOperation.RunCommand(
                $"Import image {image.Reference("")} into k3d",
                new ExternalCommand("k3d", ["image", "import", image.Reference(""), "--cluster", settings.K3dCluster]),
                "check that the cluster is running (`k3d cluster list`)");
        }
    }
}

/// <summary>The machine deploy builds images on: Native AOT images can only be compiled on Linux.</summary>
/// <param name="IsLinux">Whether it runs Linux.</param>
internal sealed record BuildHost(bool IsLinux)
{
    public static BuildHost Current => new(OperatingSystem.IsLinux());
}
