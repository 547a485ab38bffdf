using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Kubernetes;

/// <summary>The committed <c>k8s/</c> is exactly what the real AppHost publishes for the default profile, and stays so.</summary>
public class CommittedTreeTests
{
    [Fact]
    public async Task Committed_k8s_matches_a_fresh_publish_of_the_AppHost_byte_for_byte()
    {
        var fresh = (await AppHostPublish.PublishAsync()).Files();
        var committed = PublishedTree.Load(AppHostPublish.CommittedTree).Files();

        var missing = fresh.Keys.Except(committed.Keys).Order(StringComparer.Ordinal).ToList();
        var stale = committed.Keys.Except(fresh.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"k8s/ is out of date: missing {string.Join(", ", missing)}; no longer published {string.Join(", ", stale)}. Regenerate with `{AppHostPublish.RegenerateCommand}` and commit.");
        foreach (var (file, content) in fresh.Where(f => committed[f.Key] != f.Value).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Assert.Fail($"k8s/{file} differs from a fresh publish ({FirstDifference(committed[file], content)}). " +
                $"Regenerate with `{AppHostPublish.RegenerateCommand}` and commit.");
        }
    }

    [Fact]
    public async Task Publishing_the_AppHost_twice_gives_identical_bytes()
    {
        var first = (await AppHostPublish.PublishAsync()).Files();
        var second = (await AppHostPublish.PublishAsync()).Files();

        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), second.Keys.Order(StringComparer.Ordinal));
        Assert.All(first, f => Assert.True(f.Value == second[f.Key], $"{f.Key} differs between two publishes"));
        Assert.All(first.Values, text => Assert.DoesNotContain("\r", text, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_document_of_the_committed_tree_loads_strictly_as_a_typed_Kubernetes_object()
    {
        var tree = PublishedTree.Load(AppHostPublish.CommittedTree);

        Assert.Equal(
            ["btc-nodes/bitcoin-exporter.yaml", "btc-nodes/bitcoin.yaml", "btc-nodes/fluent-bit.yaml", "btc-nodes/namespace.yaml",
             "eth-nodes/fluent-bit.yaml", "eth-nodes/geth.yaml", "eth-nodes/namespace.yaml",
             "logging/fluent-bit.yaml", "logging/namespace.yaml", "monitoring/grafana.yaml", "monitoring/namespace.yaml", "monitoring/prometheus.yaml"],
            tree.Objects.Select(o => o.File).Distinct().Order(StringComparer.Ordinal));
        Assert.All(tree.Objects, o => Assert.False(string.IsNullOrEmpty(o.Object.Metadata.Name)));
    }

    [Fact]
    public async Task Kubectl_kustomize_renders_every_object_of_the_committed_tree()
    {
        var kubectl = RequiredTool.OnPath("kubectl", PublishedTree.KubectlInstallHint);
        var tree = PublishedTree.Load(AppHostPublish.CommittedTree);

        var result = await ToolProcess.RunAsync(kubectl, ["kustomize", tree.Directory]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var rendered = k8s.KubernetesYaml.LoadAllFromString(result.Output, strict: true);
        Assert.Equal(tree.Objects.Count, rendered.Count);
    }

    private static string FirstDifference(string committed, string fresh)
    {
        var committedLines = committed.Split('\n');
        var freshLines = fresh.Split('\n');
        var line = Enumerable.Range(0, Math.Max(committedLines.Length, freshLines.Length))
            .First(i => i >= committedLines.Length || i >= freshLines.Length || committedLines[i] != freshLines[i]);
        return $"line {line + 1}: committed '{(line < committedLines.Length ? committedLines[line] : "<end>")}', " +
            $"published '{(line < freshLines.Length ? freshLines[line] : "<end>")}'";
    }
}
