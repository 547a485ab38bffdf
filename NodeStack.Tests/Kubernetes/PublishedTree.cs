using k8s;
using k8s.Models;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Publishing;

namespace NodeStack.Tests.Kubernetes;

/// <summary>A published kustomize tree on disk and every Kubernetes object in it, loaded back strictly.</summary>
internal sealed record PublishedTree(string Directory, IReadOnlyList<(string File, IKubernetesObject<V1ObjectMeta> Object)> Objects)
{
    /// <summary>What to install for the tests that render a tree with <c>kubectl kustomize</c>.</summary>
    public const string KubectlInstallHint =
        "install kubectl 1.21 or later (its bundled kustomize v4+ accepts the root kustomization's folders): https://kubernetes.io/docs/tasks/tools/";

    /// <summary>Every tree of this test run is published under one folder, removed when the run ends.</summary>
    private static readonly string RunFolder = CreateRunFolder();

    /// <summary>A new, empty folder to publish into.</summary>
    public static string NewOutputFolder() => System.IO.Directory.CreateDirectory(Path.Combine(RunFolder, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Publishes the sample model into a fresh temporary folder.</summary>
    public static async Task<PublishedTree> PublishTestModelAsync(KubernetesPublishSettings? settings = null)
    {
        settings ??= new KubernetesPublishSettings();
        var directory = NewOutputFolder();
        ManifestWriter.Write(await KubernetesTestModel.ManifestAsync(settings), settings, directory);
        return Load(directory);
    }

    /// <summary>Loads every object of every YAML file under the namespace folders with strict typing (unknown fields fail).</summary>
    public static PublishedTree Load(string directory)
    {
        var objects = new List<(string, IKubernetesObject<V1ObjectMeta>)>();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, file);
            if (relative.StartsWith("k3d", StringComparison.Ordinal) || Path.GetFileName(file) == "kustomization.yaml")
            {
                continue;
            }

            foreach (var loaded in KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true))
            {
                objects.Add((relative, (IKubernetesObject<V1ObjectMeta>)loaded));
            }
        }

        return new PublishedTree(directory, objects);
    }

    public IEnumerable<T> All<T>() => Objects.Select(o => o.Object).OfType<T>();

    public IEnumerable<(string Kind, string Name, V1PodTemplateSpec Template)> PodTemplates() =>
        All<V1StatefulSet>().Select(s => ("StatefulSet", s.Metadata.Name, s.Spec.Template))
            .Concat(All<V1Deployment>().Select(d => ("Deployment", d.Metadata.Name, d.Spec.Template)))
            .Concat(All<V1DaemonSet>().Select(d => ("DaemonSet", d.Metadata.Name, d.Spec.Template)));

    public IDictionary<string, string> Files() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Directory, f), File.ReadAllText);

    private static string CreateRunFolder()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("nodestack-k8s-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(folder, recursive: true);
        return folder;
    }
}
