namespace NodeStack.Hosting.Monitoring;

/// <summary>A node log file Fluent Bit tails in the local run.</summary>
/// <param name="ResourceName">The node resource; becomes the logs' OTLP <c>service.name</c>.</param>
/// <param name="Format">One of <see cref="NodeLogFormats"/>; selects the parser.</param>
/// <param name="Path">The file (or glob) inside Fluent Bit's container.</param>
internal sealed record NodeLogSource(string ResourceName, string Format, string Path);

/// <summary>A node container whose logs Fluent Bit's DaemonSet reads from <c>/var/log/containers</c> on Kubernetes.</summary>
/// <param name="ResourceName">The node resource; becomes the logs' OTLP <c>service.name</c>.</param>
/// <param name="Format">One of <see cref="NodeLogFormats"/>; selects the parser.</param>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="PodName">The pod name, or a glob such as <c>geth-*</c> for a StatefulSet's pods.</param>
/// <param name="ContainerName">The node's container in the pod.</param>
internal sealed record KubernetesNodeLogSource(string ResourceName, string Format, string Namespace, string PodName, string ContainerName)
{
    /// <summary>The kubelet's log file names: <c>&lt;pod&gt;_&lt;namespace&gt;_&lt;container&gt;-&lt;container id&gt;.log</c>.</summary>
    public string Path => $"/var/log/containers/{PodName}_{Namespace}_{ContainerName}-*.log";
}
