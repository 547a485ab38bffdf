namespace NodeStack.Hosting.Profiles;

/// <summary>NodeStack settings that cannot be used; the message names each setting and its allowed values.</summary>
public sealed class NodeStackSettingsException : Exception
{
    /// <summary>Creates the exception from the individual problems.</summary>
    public NodeStackSettingsException(IReadOnlyList<string> errors)
        : base("Invalid NodeStack settings:" + Environment.NewLine + string.Join(Environment.NewLine, (errors ?? []).Select(e => "  - " + e)))
    {
        Errors = errors ?? [];
    }

    /// <summary>Creates an exception with a message only.</summary>
    public NodeStackSettingsException() : this([]) { }

    /// <summary>Creates an exception with a message only.</summary>
    public NodeStackSettingsException(string message) : base(message)
    {
        Errors = [message];
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public NodeStackSettingsException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>One entry per invalid setting.</summary>
    public IReadOnlyList<string> Errors { get; }
}
