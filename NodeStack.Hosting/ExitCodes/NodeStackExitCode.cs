namespace NodeStack.Hosting.ExitCodes;

/// <summary>NodeStack's exit codes (docs/troubleshooting.md).</summary>
public static class NodeStackExitCode
{
    /// <summary>A pipeline step (publish, deploy, destroy, ...) failed.</summary>
    public const int StepFailed = 1;

    /// <summary>A setting or parameter is invalid: nothing was started.</summary>
    public const int InvalidInput = 2;
}
