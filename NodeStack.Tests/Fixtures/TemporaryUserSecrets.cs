using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// A user secrets store of its own (a fresh id), so a test can watch Aspire persist generated parameters across
/// AppHost builds without touching the real AppHost's user secrets. Deleted on dispose.
/// </summary>
public sealed class TemporaryUserSecrets : IDisposable
{
    /// <summary>The store's id.</summary>
    public string Id { get; } = "nodestack-tests-" + Guid.NewGuid().ToString("N");

    /// <summary>The AppHost argument that makes Aspire read and write this store instead of the AppHost's own.</summary>
    public string Argument => $"--ASPIRE_USER_SECRETS_ID={Id}";

    /// <summary>The store's secrets.json.</summary>
    public string FilePath => PathHelper.GetSecretsPathFromSecretsId(Id);

    /// <summary>The value stored under <paramref name="key"/> (such as <c>Parameters:geth-jwt-secret</c>), or null.</summary>
    public string? Read(string key) =>
        File.Exists(FilePath) ? new ConfigurationBuilder().AddJsonFile(FilePath).Build()[key] : null;

    public void Dispose()
    {
        var folder = Path.GetDirectoryName(FilePath)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
