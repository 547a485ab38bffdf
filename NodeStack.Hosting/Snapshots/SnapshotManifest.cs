using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// What a snapshot holds, written beside its archive as <c>{id}.json</c>. The node facts (height, best block, genesis)
/// come from the node's RPC just before it is stopped; they are null when the node was not running then.
/// </summary>
/// <param name="Id">The snapshot id: <c>{node}-{created, yyyyMMdd-HHmmss}</c>, then <c>-{label}</c> if one was given.</param>
/// <param name="Node">The resource name, such as <c>bitcoin</c>.</param>
/// <param name="Image">The client image, such as <c>docker.io/bitcoin/bitcoin</c>.</param>
/// <param name="Tag">The client image tag, such as <c>31.1</c>.</param>
/// <param name="Chain">The chain family: <c>bitcoin</c> or <c>ethereum</c>.</param>
/// <param name="Network">The network, such as <c>regtest</c> or <c>sepolia</c>.</param>
/// <param name="Height">The best block (or beacon slot) height.</param>
/// <param name="BestBlockHash">The best block's hash (or the beacon head's root).</param>
/// <param name="GenesisHash">The genesis block's hash (or the beacon genesis validators root).</param>
/// <param name="CreatedUtc">When the snapshot was made.</param>
/// <param name="DataBytes">The size of the data as archived, before compression (the tar stream).</param>
/// <param name="ArchiveBytes">The size of the compressed archive file.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of the archive file.</param>
/// <param name="Label">The user's label, if any.</param>
internal sealed record SnapshotManifest(
    string Id,
    string Node,
    string Image,
    string Tag,
    string Chain,
    string Network,
    long? Height,
    string? BestBlockHash,
    string? GenesisHash,
    DateTimeOffset CreatedUtc,
    long DataBytes,
    long ArchiveBytes,
    string Sha256,
    string? Label = null)
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The format version of the archive (<see cref="CurrentFormat"/>).</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a manifest written by <see cref="ToJson"/>; <paramref name="source"/> names it in errors.</summary>
    public static SnapshotManifest FromJson(string json, string source)
    {
        SnapshotManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SnapshotManifest>(json, Json);
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"The snapshot manifest {source} is not valid: {e.Message}", e);
        }

        if (manifest is null || string.IsNullOrEmpty(manifest.Id) || string.IsNullOrEmpty(manifest.Sha256))
        {
            throw new SnapshotException($"The snapshot manifest {source} lacks its id or checksum.");
        }

        return manifest.Format == CurrentFormat
            ? manifest
            : throw new SnapshotException($"The snapshot {manifest.Id} has format {manifest.Format}; this NodeStack reads format {CurrentFormat}.");
    }
}
