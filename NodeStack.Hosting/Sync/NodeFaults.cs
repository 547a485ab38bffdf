using System.Text.Json;
using NodeStack.Hosting.JsonRpc;

namespace NodeStack.Hosting.Sync;

/// <summary>Tells node faults (down, slow, garbage answers) from our own cancellation and from bugs.</summary>
public static class NodeFaults
{
    /// <summary>
    /// True when <paramref name="exception"/> means the node is down, timed out, refused us or answered something
    /// unexpected; false when the caller cancelled, so shutdown is not reported as a node fault.
    /// </summary>
    public static bool IsNodeFault(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is HttpRequestException or JsonRpcException or TaskCanceledException or TimeoutException
            or JsonException or FormatException or KeyNotFoundException or InvalidOperationException;
}
