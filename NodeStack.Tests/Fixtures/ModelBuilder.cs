namespace NodeStack.Tests.Fixtures;

/// <summary>An empty application model in run mode, for tests that compose resources themselves.</summary>
public static class ModelBuilder
{
    public static IDistributedApplicationBuilder Create(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });
}
