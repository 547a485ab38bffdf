namespace NodeStack.Tests.Fixtures;

/// <summary>NodeStack.Exporter's project metadata, as the AppHost's generated <c>Projects.NodeStack_Exporter</c> describes it.</summary>
public sealed class ExporterProject : IProjectMetadata
{
    /// <inheritdoc />
    public string ProjectPath { get; } = Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.Exporter", "NodeStack.Exporter.csproj");
}
