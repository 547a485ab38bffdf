using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Collection;

/// <summary>The mutable working copy of one collection, turned into the next <see cref="NodeSnapshot"/> at its end.</summary>
internal sealed class SnapshotBuilder(NodeSnapshot previous, DateTimeOffset startedAt, TimeSpan deadline)
{
    /// <summary>How long a method the node lacks (-32601) is skipped before it is tried again.</summary>
    public static readonly TimeSpan UnsupportedRetryInterval = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, MethodState> _methods = new(previous.Methods);
    private readonly Dictionary<string, long> _errors = new(previous.Counts.ErrorsByType);
    private readonly Dictionary<string, long> _calls = new(previous.Counts.RpcCallsByMethod);
    private readonly Dictionary<string, long> _rpcErrors = new(previous.Counts.RpcErrorsByMethod);
    private readonly Dictionary<string, double> _requestDurations = new(previous.RequestDurations);
    private long _requests = previous.Counts.RpcRequests;
    private long _warnings = previous.Counts.Warnings;
    private RpcFaultException? _fault;

    public NodeSnapshot Previous => previous;

    public MethodState State(string method) => _methods.TryGetValue(method, out var state) ? state : MethodState.Empty;

    public bool IsSupported(string method) => State(method).UnsupportedUntil is not { } until || until <= startedAt;

    /// <summary>True when this collection fetched the method's value (not just kept an older one).</summary>
    public bool FetchedNow(string method) => State(method).LastGoodAt == startedAt;

    public void CountRequest() => _requests++;

    /// <summary>The batch's HTTP request ended, answered or not, after <paramref name="seconds"/>.</summary>
    public void RequestEnded(string batch, double seconds) => _requestDurations[batch] = seconds;

    public void CountCall(string method) => _calls[method] = _calls.GetValueOrDefault(method) + 1;

    public void Stored(string method, object? value, string? key, double seconds) =>
        _methods[method] = State(method) with { Value = value, Key = key, LastGoodAt = startedAt, LastDurationSeconds = seconds, UnsupportedUntil = null };

    /// <summary>The cached per-block value still belongs to the current tip, so it is current.</summary>
    public void Confirmed(string method) => _methods[method] = State(method) with { LastGoodAt = startedAt };

    public void CallFailed(string method, string errorType, double? seconds)
    {
        _rpcErrors[method] = _rpcErrors.GetValueOrDefault(method) + 1;
        _errors[errorType] = _errors.GetValueOrDefault(errorType) + 1;
        var state = State(method);
        _methods[method] = state with
        {
            LastDurationSeconds = seconds ?? state.LastDurationSeconds,
            UnsupportedUntil = errorType == ExporterCounts.MethodNotFoundType ? startedAt + UnsupportedRetryInterval : state.UnsupportedUntil,
        };
    }

    /// <summary>The whole request failed: each of its calls failed, and the collection fails with one error of the fault's type.</summary>
    public void RequestFailed(IEnumerable<string> methods, double? seconds)
    {
        foreach (var method in methods)
        {
            _rpcErrors[method] = _rpcErrors.GetValueOrDefault(method) + 1;
            _methods[method] = State(method) with { LastDurationSeconds = seconds ?? State(method).LastDurationSeconds };
        }
    }

    public void CountWarnings() => _warnings++;

    /// <summary>The node restarted or changed version: methods it lacked may exist now.</summary>
    public void ForgetUnsupportedMethods()
    {
        foreach (var (method, state) in _methods.ToList())
        {
            _methods[method] = state with { UnsupportedUntil = null };
        }
    }

    public void Fail(RpcFaultException fault)
    {
        _fault = fault;
        var type = ExporterCounts.ErrorType(fault.Kind);
        _errors[type] = _errors.GetValueOrDefault(type) + 1;
    }

    public NodeSnapshot Build(double durationSeconds)
    {
        var counts = new ExporterCounts(
            previous.Counts.Collections + 1, _requests, _warnings, previous.Counts.ProcessSeconds + durationSeconds,
            _errors, _calls, _rpcErrors);
        var up = _fault is null;
        return new NodeSnapshot(
            _methods, counts, up,
            _fault is null ? null : $"{ExporterCounts.ErrorType(_fault.Kind)}: {_fault.Message}",
            up ? startedAt : previous.LastSuccess,
            new CollectionTiming(startedAt, durationSeconds, deadline.TotalSeconds),
            _requestDurations);
    }
}
