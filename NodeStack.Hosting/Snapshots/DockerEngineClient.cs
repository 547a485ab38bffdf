using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// The few Docker Engine API calls snapshots need (containers by volume, inspect, stop, start, create, wait, remove,
/// and the archive endpoints), over the engine's unix socket. API 1.41 is served by Docker 20.10 and later and by
/// Podman's Docker-compatible service.
/// </summary>
internal sealed class DockerEngineClient : IDisposable
{
    /// <summary>The socket used when <c>DOCKER_HOST</c> names no unix socket.</summary>
    public const string DefaultSocket = "/var/run/docker.sock";

    private const string ApiVersion = "v1.41";
    private readonly HttpClient _http;

    /// <summary>Talks to the engine at <paramref name="socketPath"/>.</summary>
    public DockerEngineClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // Archives of a synced node take minutes; each call passes its own cancellation instead.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/" + ApiVersion + "/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The engine's socket path.</summary>
    public string SocketPath { get; }

    /// <summary>The engine named by <c>DOCKER_HOST</c> when it is a <c>unix://</c> address, else <see cref="DefaultSocket"/>.</summary>
    public static DockerEngineClient FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return new DockerEngineClient(host is { } h && h.StartsWith("unix://", StringComparison.Ordinal) ? h["unix://".Length..] : DefaultSocket);
    }

    /// <summary>The ids of the containers, running or not, that mount volume <paramref name="volume"/>.</summary>
    public async Task<IReadOnlyList<string>> ContainersMountingAsync(string volume, CancellationToken cancellationToken)
    {
        var filters = Uri.EscapeDataString(new JsonObject { ["volume"] = new JsonArray(volume) }.ToJsonString());
        using var response = await SendAsync(HttpMethod.Get, $"containers/json?all=true&filters={filters}", null, cancellationToken).ConfigureAwait(false);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return [.. list.EnumerateArray().Select(c => c.GetProperty("Id").GetString()!)];
    }

    /// <summary>Whether volume <paramref name="volume"/> exists.</summary>
    public async Task<bool> VolumeExistsAsync(string volume, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"volumes/{Uri.EscapeDataString(volume)}");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound && await EnsureSuccessAsync(response, "inspect volume " + volume, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The container's state, image and configured user.</summary>
    public async Task<DockerContainerInfo> InspectAsync(string container, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"containers/{container}/json", null, cancellationToken).ConfigureAwait(false);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        if (json.GetProperty("NetworkSettings").TryGetProperty("Ports", out var published) && published.ValueKind == JsonValueKind.Object)
        {
            foreach (var port in published.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0))
            {
                ports[port.Name] = int.Parse(port.Value[0].GetProperty("HostPort").GetString()!, CultureInfo.InvariantCulture);
            }
        }

        var config = json.GetProperty("Config");
        return new DockerContainerInfo(
            json.GetProperty("Id").GetString()!,
            json.GetProperty("Name").GetString()!.TrimStart('/'),
            json.GetProperty("State").GetProperty("Running").GetBoolean(),
            config.GetProperty("Image").GetString()!,
            config.TryGetProperty("User", out var user) ? user.GetString() ?? "" : "",
            ports);
    }

    /// <summary>Stops the container: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(string container, TimeSpan grace, CancellationToken cancellationToken)
    {
        var seconds = ((int)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        using var _ = await SendAsync(HttpMethod.Post, $"containers/{container}/stop?t={seconds}", null, cancellationToken, HttpStatusCode.NotModified).ConfigureAwait(false);
    }

    /// <summary>Starts the container.</summary>
    public async Task StartAsync(string container, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Post, $"containers/{container}/start", null, cancellationToken, HttpStatusCode.NotModified).ConfigureAwait(false);
    }

    /// <summary>Creates (does not start) the container <paramref name="spec"/> describes; returns its id.</summary>
    public async Task<string> CreateAsync(DockerContainerSpec spec, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["Image"] = spec.Image,
            ["User"] = spec.User,
            ["Entrypoint"] = spec.Entrypoint is null ? null : new JsonArray([.. spec.Entrypoint.Select(a => JsonValue.Create(a))]),
            ["Cmd"] = new JsonArray(),
            ["Labels"] = new JsonObject { ["org.nodestack.purpose"] = spec.Purpose },
            ["HostConfig"] = new JsonObject
            {
                ["Binds"] = new JsonArray([.. spec.Binds.Select(b => JsonValue.Create(b))]),
                ["VolumesFrom"] = new JsonArray([.. spec.VolumesFrom.Select(v => JsonValue.Create(v))]),
                ["NetworkMode"] = "none",
            },
        };
        using var response = await SendAsync(HttpMethod.Post, "containers/create", JsonContent.Create(body), cancellationToken).ConfigureAwait(false);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return created.GetProperty("Id").GetString()!;
    }

    /// <summary>Waits for the container to exit and returns its exit code.</summary>
    public async Task<long> WaitAsync(string container, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{container}/wait", null, cancellationToken).ConfigureAwait(false);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return result.GetProperty("StatusCode").GetInt64();
    }

    /// <summary>The container's output (stdout and stderr, multiplexed frames decoded), for error messages.</summary>
    public async Task<string> LogsAsync(string container, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"containers/{container}/logs?stdout=true&stderr=true", null, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var text = new System.Text.StringBuilder();
        for (var offset = 0; offset + 8 <= bytes.Length;)
        {
            var length = (bytes[offset + 4] << 24) | (bytes[offset + 5] << 16) | (bytes[offset + 6] << 8) | bytes[offset + 7];
            text.Append(System.Text.Encoding.UTF8.GetString(bytes, offset + 8, Math.Min(length, bytes.Length - offset - 8)));
            offset += 8 + length;
        }

        return text.ToString().Trim();
    }

    /// <summary>Removes the container (and nothing else: named volumes stay).</summary>
    public async Task RemoveAsync(string container, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"containers/{container}?force=true", null, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
    }

    /// <summary>
    /// A tar stream of <paramref name="path"/> in the container (the Engine API's <c>GET archive</c>, what
    /// <c>docker cp</c> out of a container uses): one top-level entry named after the path's last segment.
    /// </summary>
    public async Task<Stream> GetArchiveAsync(string container, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"containers/{container}/archive?path={Uri.EscapeDataString(path)}");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"read {path} from container {Short(container)}", cancellationToken).ConfigureAwait(false);
        return new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response);
    }

    /// <summary>
    /// Extracts the tar <paramref name="archive"/> into <paramref name="path"/> in the container (<c>PUT archive</c>, what
    /// plain <c>docker cp</c> into a container uses): the entries keep their owners, also inside a mounted volume.
    /// </summary>
    public async Task PutArchiveAsync(string container, string path, Stream archive, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(archive, 1 << 20);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var _ = await SendAsync(HttpMethod.Put, $"containers/{container}/archive?path={Uri.EscapeDataString(path)}", content, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, HttpStatusCode? alsoFine = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SnapshotException($"The container engine at {SocketPath} did not answer ({e.Message}). Is Docker running?", e);
        }

        if (response.StatusCode != alsoFine)
        {
            await EnsureSuccessAsync(response, $"{method} {path.Split('?')[0]}", cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static async Task<bool> EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = body;
        try
        {
            message = JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not the engine's {"message": ...} error body: show it as it came.
        }

        response.Dispose();
        throw new SnapshotException($"The container engine could not {what}: {message.Trim()} (HTTP {(int)response.StatusCode}).");
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    /// <summary>A response body that disposes its response with it.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>What snapshots need to know of a container.</summary>
internal sealed record DockerContainerInfo(string Id, string Name, bool Running, string Image, string User, IReadOnlyDictionary<string, int> PublishedPorts);

/// <summary>A container to create: its image, user, entrypoint and what it mounts.</summary>
internal sealed record DockerContainerSpec(string Image, string Purpose)
{
    public string User { get; init; } = "";

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string> Binds { get; init; } = [];

    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
}
