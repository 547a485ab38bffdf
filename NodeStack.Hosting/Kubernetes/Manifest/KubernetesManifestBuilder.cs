using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;
using NodeStack.Hosting.Parameters;
using NodeStack.Hosting.Secrets;

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
        var naming = new KubernetesNaming(settings);
        var addresses = new KubernetesServiceAddresses(naming);
        var renderer = new KubernetesValueRenderer(addresses, executionContext);
        var published = PublishedResources(model);
        CheckHostPorts(published);

        // Every resource's values and files are rendered first: what each is given an address of is its network access,
        // which the NetworkPolicies of the resources it reaches need.
        var rendered = new List<(IResource Resource, string Image, ContainerCommandLine CommandLine, List<RenderedConfigFiles> Configs)>();
        var secrets = new List<(string Namespace, SecretKeyReference Key)>();
        var images = new List<ProjectImage>();
        foreach (var resource in published)
        {
            var commandLine = await ContainerCommandLine.EvaluateAsync(resource, renderer, executionContext, cancellationToken).ConfigureAwait(false);
            var @namespace = naming.Namespace(resource);
            secrets.AddRange(commandLine.Secrets.Select(s => (@namespace, s)));
            secrets.AddRange(resource.Annotations.OfType<ContainerSecretFileAnnotation>()
                .Select(f => (@namespace, renderer.SecretFile(f.Secret, $"Resource '{resource.Name}' secret file {f.ContainerPath}"))));
            var services = new PublishServices(executionContext.Services, addresses.ForCaller(resource));
            var configs = await RenderedConfigFiles.RenderAsync(resource, KubernetesNaming.Pod(resource), services, cancellationToken).ConfigureAwait(false);
            rendered.Add((resource, Image(resource, settings, images), commandLine, configs));
        }

        var objects = new List<PublishedObject>();
        foreach (var (resource, image, commandLine, configs) in rendered)
        {
            // An object lives in its namespace's folder; a reader's Roles in other namespaces go there, under its file name.
            objects.AddRange(ResourceObjects(resource, published, naming, addresses.Access, image, commandLine, configs)
                .Select(o => new PublishedObject(o.Metadata.NamespaceProperty ?? naming.Namespace(resource), KubernetesNaming.ObjectName(resource) + ".yaml", o)));
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
            .Where(r => !r.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Any(a => a.Callback is null))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var unshaped = compute.Where(r => !KubernetesPodAnnotation.IsPublished(r)).Select(r => $"'{r.Name}'").ToList();
        if (unshaped.Count > 0)
        {
            throw new InvalidOperationException(
                $"Resources {string.Join(", ", unshaped)} have no Kubernetes pod shape: call PublishAsKubernetesPod(pod => ...) setting at least " +
                "Namespace and Component, or ExcludeFromManifest(), on each.");
        }

        return compute;
    }

    private static IEnumerable<IKubernetesObject<V1ObjectMeta>> ResourceObjects(
        IResource resource, IReadOnlyList<IResource> published, KubernetesNaming naming, EndpointAccess access, string image,
        ContainerCommandLine commandLine, List<RenderedConfigFiles> configs)
    {
        var pod = KubernetesNaming.Pod(resource);
        var configMaps = configs.Select(c => c.ConfigMap(WorkloadBuilder.Metadata(resource, naming, c.ConfigMapName))).ToList();
        var volumes = PodVolumes.For(resource, pod, PublishDefaults.Security(resource, pod), configs);
        var template = PodTemplateBuilder.Build(resource, naming, image, commandLine, volumes, ConfigHash(configMaps));

        foreach (var apiAccess in WorkloadBuilder.ApiReadAccess(resource, published, naming))
        {
            yield return apiAccess;
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
        if (NetworkPolicyBuilder.Allows(resource, access, naming) is { } policy)
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
            var pod = KubernetesNaming.Pod(resource);
            var projectPath = project.GetProjectMetadata().ProjectPath;
            var built = new ProjectImage(resource.Name, projectPath, pod.ImageRepository ?? "nodestack/" + KubernetesNaming.ObjectName(resource),
                pod.ImageTag ?? DefaultProjectImageTag, ProjectProperties.PublishesAot(projectPath));
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
                SecretFormatOf(parameters[group.Key.SecretName]),
                derived,
                naming.SecretLabels(group.Key.SecretName),
                commands));
        }

        return requirements;
    }

    /// <summary>Deploy generates a missing value the way the local run does: as the parameter's own generator would.</summary>
    private static KubernetesSecretFormat SecretFormatOf(ParameterResource parameter) =>
        parameter.Default is JwtSecretParameterDefault ? KubernetesSecretFormat.Hex32 : KubernetesSecretFormat.Password;

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

/// <summary>
/// The application's services, with the publisher's addresses for one resource in place of the local run's, so the
/// resource's own container file callbacks write the cluster's files.
/// </summary>
internal sealed class PublishServices(IServiceProvider services, ServiceAddresses addresses) : IServiceProvider
{
    public object? GetService(Type serviceType) => serviceType == typeof(ServiceAddresses) ? addresses : services.GetService(serviceType);
}

/// <summary>What the publisher reads from a project file itself, so the project says it once.</summary>
internal static class ProjectProperties
{
    /// <summary>Whether the project compiles ahead of time (<c>&lt;PublishAot&gt;true&lt;/PublishAot&gt;</c> in its project file).</summary>
    public static bool PublishesAot(string projectPath) =>
        File.Exists(projectPath)
        && System.Xml.Linq.XDocument.Load(projectPath).Descendants("PublishAot")
            .Any(e => string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase));
}
