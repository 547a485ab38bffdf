namespace NodeStack.Hosting.Snapshots;

/// <summary>A snapshot could not be made, listed or restored; the message says why, for the user.</summary>
internal sealed class SnapshotException : Exception
{
    /// <summary>Creates the exception with the user-facing <paramref name="message"/>.</summary>
    public SnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the user-facing <paramref name="message"/> and its cause.</summary>
    public SnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public SnapshotException()
    {
    }
}
