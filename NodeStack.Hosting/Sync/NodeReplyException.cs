namespace NodeStack.Hosting.Sync;

/// <summary>
/// A node answered, but not in the form its API documents: a body that is not JSON, a missing or mistyped field, or a
/// reply that rules out what a command needs (no unlocked account on a chain that is not a dev chain). It is the
/// node's fault, unlike the exceptions a bug in NodeStack throws, so it is reported as a node state, not logged as an error.
/// </summary>
internal sealed class NodeReplyException : Exception
{
    /// <summary>Creates the exception with a message naming the call and what was wrong with its reply.</summary>
    public NodeReplyException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the parser's exception.</summary>
    public NodeReplyException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception with a default message.</summary>
    public NodeReplyException() : base("The node answered something NodeStack cannot read.") { }
}
