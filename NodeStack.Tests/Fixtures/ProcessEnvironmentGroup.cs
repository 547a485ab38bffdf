namespace NodeStack.Tests.Fixtures;

/// <summary>
/// Tests that change this process's environment (which the AppHost, DCP and the docker CLI they start inherit) run in
/// this collection: alone, after every parallel test, so no other test sees the change.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentGroup
{
    public const string Name = "Process environment";
}

/// <summary>Sets an environment variable for the lifetime of the scope, then restores it.</summary>
public sealed class EnvironmentVariableScope : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;

    public EnvironmentVariableScope(string name, string value)
    {
        _name = name;
        _previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
}
