using NodeStack.Hosting.JsonRpc;

namespace NodeStack.Hosting.Sync;

/// <summary>Tells node faults (down, slow, refusing, answering the wrong shape) from our own cancellation and from bugs.</summary>
internal static class NodeFaults
{
    /// <summary>
    /// True when <paramref name="exception"/> means the node is down or unreachable (<see cref="HttpRequestException"/>),
    /// too slow (<see cref="TimeoutException"/>, or the <see cref="TaskCanceledException"/> an HttpClient timeout throws),
    /// answered an error (<see cref="JsonRpcException"/>) or a reply NodeStack cannot read (<see cref="NodeReplyException"/>).
    /// False when the caller cancelled, so shutdown is not reported as a node fault, and for every other exception:
    /// those are bugs in NodeStack and must surface as such, not hide behind "Unreachable".
    /// </summary>
    public static bool IsNodeFault(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is HttpRequestException or JsonRpcException or NodeReplyException or TimeoutException or TaskCanceledException;
}
