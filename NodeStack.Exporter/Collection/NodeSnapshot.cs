using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Collection;

/// <summary>What the exporter knows about one RPC method: its last good value and how fresh and healthy it is.</summary>
/// <param name="Value">The last good result (a typed RPC result), or null when the node never gave one.</param>
/// <param name="Key">For per-block methods, the chain tip the value belongs to.</param>
/// <param name="LastGoodAt">When the value was last known current: fetched, or confirmed by an unchanged tip.</param>
/// <param name="LastDurationSeconds">Duration of the last HTTP request that carried the method: the whole batch's.</param>
/// <param name="UnsupportedUntil">Set when the node answered -32601: the method is skipped until then.</param>
public sealed record MethodState(
    object? Value, string? Key, DateTimeOffset? LastGoodAt, double? LastDurationSeconds, DateTimeOffset? UnsupportedUntil)
{
    public static MethodState Empty { get; } = new(null, null, null, null, null);
}

/// <summary>Monotonic counters, carried from snapshot to snapshot.</summary>
public sealed record ExporterCounts(
    long Collections,
    long RpcRequests,
    long Warnings,
    double ProcessSeconds,
    IReadOnlyDictionary<string, long> ErrorsByType,
    IReadOnlyDictionary<string, long> RpcCallsByMethod,
    IReadOnlyDictionary<string, long> RpcErrorsByMethod)
{
    /// <summary>Every value of bitcoin_exporter_errors_total's type label, so each series exists from the start.</summary>
    public static IReadOnlyList<string> ErrorTypes { get; } =
    [
        .. Enum.GetValues<RpcFaultKind>().Select(ErrorType), MethodNotFoundType, RpcErrorType,
    ];

    public const string MethodNotFoundType = "method_not_found";
    public const string RpcErrorType = "rpc_error";
    public const string InvalidResponseType = "invalid_response";

    public static ExporterCounts Zero { get; } = new(0, 0, 0, 0,
        ErrorTypes.ToDictionary(type => type, _ => 0L),
        RpcMethods.All.ToDictionary(method => method, _ => 0L),
        RpcMethods.All.ToDictionary(method => method, _ => 0L));

    public static string ErrorType(RpcFaultKind kind) => kind switch
    {
        RpcFaultKind.Timeout => "timeout",
        RpcFaultKind.Connection => "connection",
        RpcFaultKind.Unauthorized => "unauthorized",
        RpcFaultKind.HttpStatus => "http_status",
        RpcFaultKind.InvalidResponse => InvalidResponseType,
        RpcFaultKind.Warmup => "warmup",
        RpcFaultKind.Credentials => "credentials",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>When the last collection started, how long it took, and how long it was allowed to take.</summary>
public sealed record CollectionTiming(DateTimeOffset Start, double DurationSeconds, double DeadlineSeconds);

/// <summary>
/// The immutable result of the latest collection: every method's last good value, the collection's outcome and the
/// counters. Scrapes render it; a collection publishes a new one when it ends.
/// </summary>
/// <param name="RequestDurations">Duration of the last HTTP request of each batch (<see cref="RpcBatches"/>), failed or not.</param>
public sealed record NodeSnapshot(
    IReadOnlyDictionary<string, MethodState> Methods,
    ExporterCounts Counts,
    bool Up,
    string? LastFault,
    DateTimeOffset? LastSuccess,
    CollectionTiming? LastCollection,
    IReadOnlyDictionary<string, double> RequestDurations)
{
    public static NodeSnapshot Initial { get; } = new(
        RpcMethods.All.ToDictionary(method => method, _ => MethodState.Empty), ExporterCounts.Zero, false, null, null, null,
        new Dictionary<string, double>());

    public bool Collected => LastCollection is not null;

    public MethodState State(string method) => Methods.TryGetValue(method, out var state) ? state : MethodState.Empty;

    public T? Value<T>(string method) where T : class => State(method).Value as T;

    public double? Number(string method) => State(method).Value is double number ? number : null;
}
