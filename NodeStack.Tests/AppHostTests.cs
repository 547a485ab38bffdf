namespace NodeStack.Tests;

public class AppHostTests
{
    [Fact]
    public async Task AppHost_model_runs_the_exporter_as_a_project_resource()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            TestContext.Current.CancellationToken);

        var exporter = Assert.Single(builder.Resources.OfType<ProjectResource>());
        Assert.Equal("bitcoin-exporter", exporter.Name);
    }
}
