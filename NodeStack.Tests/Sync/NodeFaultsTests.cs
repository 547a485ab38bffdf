using System.Text.Json;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Tests.Sync;

public class NodeFaultsTests
{
    public static TheoryData<Exception> Faults => new()
    {
        new HttpRequestException("Connection refused"),
        new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()),
        new TimeoutException("Transaction was not mined within 60 s."),
        new JsonRpcException("getblockchaininfo", -28, "Loading block index…"),
        new NodeReplyException("eth_syncing has no 'currentBlock'."),
    };

    public static TheoryData<Exception> Bugs => new()
    {
        new InvalidOperationException("Sequence contains no elements"),
        new KeyNotFoundException("The given key was not present in the dictionary."),
        new InvalidCastException("Unable to cast object of type 'System.String' to type 'System.Int64'."),
        new FormatException("Input string was not in a correct format."),
        new JsonException("'<' is an invalid start of a value."),
        new ArgumentException("Value does not fall within the expected range."),
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Node_down_slow_refusing_or_answering_an_unreadable_reply_is_a_node_fault(Exception exception)
    {
        Assert.True(NodeFaults.IsNodeFault(exception, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Exceptions_NodeStack_throws_by_mistake_are_never_taken_for_node_faults(Exception exception)
    {
        Assert.False(NodeFaults.IsNodeFault(exception, CancellationToken.None));
    }

    [Fact]
    public void Cancellation_by_the_caller_is_not_a_node_fault_so_shutdown_reports_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(NodeFaults.IsNodeFault(new TaskCanceledException(), cancelled.Token));
        Assert.False(NodeFaults.IsNodeFault(new HttpRequestException("aborted"), cancelled.Token));
    }

    [Fact]
    public void A_missing_or_mistyped_reply_field_names_the_call_and_the_field()
    {
        using var reply = JsonDocument.Parse("""{"blocks":"12","chain":"main"}""");
        var info = new NodeReply(reply.RootElement, "getblockchaininfo");

        var missing = Assert.Throws<NodeReplyException>(() => info["headers"]);
        var mistyped = Assert.Throws<NodeReplyException>(() => info["blocks"].GetInt64());

        Assert.Equal("getblockchaininfo has no 'headers'.", missing.Message);
        Assert.Equal("getblockchaininfo.blocks is \"12\", not a whole number.", mistyped.Message);
        Assert.Equal("main", info["chain"].GetString());
        Assert.Null(info.Optional("verificationprogress"));
    }
}
