using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// Turns the application model into Kubernetes objects: for every container and project resource its workload, Services,
/// ConfigMaps, NetworkPolicy and RBAC, plus each namespace with its default-deny policy. The result is ordered the same
/// way every time, so publishing twice gives identical files.
/// </summary>
internal static class KubernetesManifestBuilder
{
    public static async Task<KubernetesManifest> BuildAsync(
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        KubernetesPublishSettings settings,
        CancellationToken cancellationToken)
    {
        settings.Validate();
        var naming = new KubernetesNaming(settings);
        var addresses = new KubernetesServiceAddresses(naming);
        var renderer = new KubernetesValueRenderer(addresses, executionContext);
        var published = PublishedResources(model);
        CheckHostPorts(published);

        var objects = new List<PublishedObject>();
        var secrets = new List<(string Namespace, SecretKeyReference Key)>();
        var images = new List<ProjectImage>();
        foreach (var resource in published)
        {
            var commandLine = await ContainerCommandLine.EvaluateAsync(resource, renderer, executionContext, cancellationToken).ConfigureAwait(false);
            var @namespace = naming.Namespace(resource);
            secrets.AddRange(commandLine.Secrets.Select(s => (@namespace, s)));
            secrets.AddRange(resource.Annotations.OfType<KubernetesSecretFileAnnotation>()
                .Select(f => (@namespace, renderer.SecretFile(f.Secret, $"Resource '{resource.Name}' secret file {f.FilePath}"))));
            var image = Image(resource, settings, images);
            var configs = await RenderedConfigFiles.RenderAsync(resource, addresses, cancellationToken).ConfigureAwait(false);
            // An object lives in its namespace's folder; a reader's Roles in other namespaces go there, under its file name.
            objects.AddRange(ResourceObjects(resource, published, naming, image, commandLine, configs)
                .Select(o => new PublishedObject(o.Metadata.NamespaceProperty ?? @namespace, KubernetesNaming.ObjectName(resource) + ".yaml", o)));
        }

        foreach (var group in published.GroupBy(naming.Namespace))
        {
            objects.Add(new PublishedObject(group.Key, "namespace.yaml", NamespaceBuilder.Build(group.Key, group, naming)));
            objects.Add(new PublishedObject(group.Key, "namespace.yaml", NetworkPolicyBuilder.DefaultDeny(group.Key, naming)));
        }

        return new KubernetesManifest(
            objects.OrderBy(o => o, PublishedObjectOrder.Instance).ToList(),
            await SecretRequirementsAsync(renderer, naming, secrets, cancellationToken).ConfigureAwait(false),
            HostPortMappings(published, naming),
            images.OrderBy(i => i.Resource, StringComparer.Ordinal).ToList());
    }

    private static List<IResource> PublishedResources(DistributedApplicationModel model)
    {
        var compute = model.Resources
            .Where(r => r is ContainerResource or ProjectResource)
            .Where(r => !r.Annotations.OfType<KubernetesExcludedAnnotation>().Any())
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var unannotated = compute.Where(r => !r.Annotations.OfType<KubernetesWorkloadAnnotation>().Any()).Select(r => $"'{r.Name}'").ToList();
        if (unannotated.Count > 0)
        {
            throw new InvalidOperationException(
                $"Resources {string.Join(", ", unannotated)} have no Kubernetes workload: call WithKubernetesWorkload(namespace, component) or ExcludeFromKubernetes() on each.");
        }

        return compute;
    }

    private static IEnumerable<IKubernetesObject<V1ObjectMeta>> ResourceObjects(
        IResource resource, IReadOnlyList<IResource> published, KubernetesNaming naming, string image, ContainerCommandLine commandLine,
        List<RenderedConfigFiles> configs)
    {
        var configMaps = configs.Select(c => c.ConfigMap(WorkloadBuilder.Metadata(resource, naming, c.ConfigMapName))).ToList();
        var volumes = PodVolumes.For(resource, KubernetesNaming.Workload(resource), PublishDefaults.Security(resource), configs);
        var template = PodTemplateBuilder.Build(resource, naming, image, commandLine, volumes, ConfigHash(configMaps));

        foreach (var access in WorkloadBuilder.ApiReadAccess(resource, published, naming))
        {
            yield return access;
        }

        foreach (var configMap in configMaps)
        {
            yield return configMap;
        }

        foreach (var service in ServiceBuilder.Build(resource, naming))
        {
            yield return service;
        }

        yield return WorkloadBuilder.Build(resource, naming, template, volumes);
        if (NetworkPolicyBuilder.Allows(resource, published, naming) is { } policy)
        {
            yield return policy;
        }
    }

    /// <summary>A hash of the pod's configuration, in the pod template, so a config change rolls the pods.</summary>
    private static string? ConfigHash(List<V1ConfigMap> configMaps)
    {
        if (configMaps.Count == 0)
        {
            return null;
        }

        var text = string.Join("\n", configMaps.SelectMany(c => c.Data.Select(d => $"{c.Metadata.Name}/{d.Key}\n{d.Value}")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Image(IResource resource, KubernetesPublishSettings settings, List<ProjectImage> images)
    {
        if (resource is ProjectResource project)
        {
            var annotation = resource.Annotations.OfType<KubernetesProjectImageAnnotation>().LastOrDefault()
                ?? new KubernetesProjectImageAnnotation("nodestack/" + KubernetesNaming.ObjectName(resource), DefaultProjectImageTag);
            var built = new ProjectImage(resource.Name, project.GetProjectMetadata().ProjectPath, annotation.Repository, annotation.Tag,
                resource.Annotations.OfType<KubernetesNativeAotAnnotation>().Any());
            images.Add(built);
            return built.Reference(settings.UsesK3d ? "" : settings.ImageRegistry);
        }

        var image = resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()
            ?? throw new InvalidOperationException($"Resource '{resource.Name}' has no container image.");
        if (string.IsNullOrEmpty(image.Tag) || image.Tag == "latest")
        {
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' uses image '{image.Image}' with tag '{image.Tag ?? ""}': pin a released version, never 'latest' or none.");
        }

        var reference = (string.IsNullOrEmpty(image.Registry) ? "" : image.Registry + "/") + image.Image + ":" + image.Tag;
        return string.IsNullOrEmpty(image.SHA256) ? reference : reference + "@sha256:" + image.SHA256;
    }

    /// <summary>Project images are tagged with NodeStack's version, so a release pins them like any other image.</summary>
    private static string DefaultProjectImageTag =>
        typeof(KubernetesManifestBuilder).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "1.0.0";

    private static async Task<List<SecretRequirement>> SecretRequirementsAsync(
        KubernetesValueRenderer renderer, KubernetesNaming naming, List<(string Namespace, SecretKeyReference Key)> needed, CancellationToken cancellationToken)
    {
        var parameters = renderer.SecretParameters;
        var requirements = new List<SecretRequirement>();
        foreach (var group in needed.GroupBy(n => (n.Namespace, n.Key.SecretName))
            .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.SecretName, StringComparer.Ordinal))
        {
            var derived = group.Select(n => n.Key).Where(k => !k.IsParameterValue).Distinct().OrderBy(k => k.Key, StringComparer.Ordinal)
                .Select(k => renderer.DerivedValues[k]).ToList();
            var commands = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in derived)
            {
                commands[value.DerivedKey] = await value.DeriveCommandAsync(SecretRequirement.ValueVariable, cancellationToken).ConfigureAwait(false);
            }

            requirements.Add(new SecretRequirement(
                group.Key.Namespace,
                group.Key.SecretName,
                parameters[group.Key.SecretName].Annotations.OfType<KubernetesSecretFormatAnnotation>().LastOrDefault()?.Format ?? KubernetesSecretFormat.Password,
                derived,
                naming.SecretLabels(group.Key.SecretName),
                commands));
        }

        return requirements;
    }

    private static List<HostPortMapping> HostPortMappings(IEnumerable<IResource> published, KubernetesNaming naming) => published
        .SelectMany(r => ServiceBuilder.HostPorts(r).Select(h => new HostPortMapping(
            r.Name, naming.Namespace(r), KubernetesNaming.ObjectName(r), h.EndpointName,
            ServiceBuilder.Endpoint(r, h.EndpointName).UriScheme, h.HostPort, h.NodePort)))
        .OrderBy(h => h.HostPort)
        .ToList();

    private static void CheckHostPorts(IEnumerable<IResource> published)
    {
        var all = published.SelectMany(r => ServiceBuilder.HostPorts(r).Select(h => (Resource: r.Name, h.EndpointName, h.HostPort, h.NodePort))).ToList();
        foreach (var clash in all.GroupBy(h => h.HostPort).Concat(all.GroupBy(h => h.NodePort)).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException(
                $"Port {clash.Key} is exposed on the host by more than one endpoint: {string.Join(", ", clash.Select(h => $"{h.Resource}/{h.EndpointName}"))}.");
        }
    }
}
