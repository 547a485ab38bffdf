using NodeStack.Hosting.Kubernetes.Deployment;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// Stands in for docker, k3d and dotnet when testing the deploy plan: records each command and answers from a script
/// (exit 0 and empty output unless told otherwise). Real runs of those tools need a Docker daemon, which this machine lacks.
/// </summary>
internal sealed class ScriptedProcessRunner(params string[] programsOnPath) : IProcessRunner
{
    private readonly List<ExternalCommand> _commands = [];

    public IReadOnlyList<string> Commands => _commands.Select(c => c.ToString()).ToList();

    public Dictionary<string, ProcessResult> Answers { get; } = new(StringComparer.Ordinal);

    public bool IsOnPath(string program) => programsOnPath.Contains(program);

    public Task<ProcessResult> RunAsync(ExternalCommand command, CancellationToken cancellationToken)
    {
        _commands.Add(command);
        var key = command.ToString();
        return Task.FromResult(Answers.FirstOrDefault(a => key.StartsWith(a.Key, StringComparison.Ordinal)).Value ?? new ProcessResult(0, "", ""));
    }
}
