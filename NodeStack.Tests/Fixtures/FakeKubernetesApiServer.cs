using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// A test double at the Kubernetes API boundary: an in-process HTTP server that the real KubernetesClient talks to.
/// It records every request (method, path, query, content type, body) and keeps the objects it is given, following the
/// API's rules where NodeStack relies on them: server-side apply stores the applied object and bumps
/// <c>resourceVersion</c> only when something changed; Secrets are read (404 when missing) and created with POST
/// (<c>stringData</c> turned into base64 <c>data</c>); deletes take a label selector or remove a namespace with its
/// contents. Workloads report ready replicas unless told not to. It is no API server: it validates nothing beyond that.
/// </summary>
internal sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SortedDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly HashSet<string> _neverReady = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _lastResourceVersion;

    private FakeKubernetesApiServer(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public static async Task<FakeKubernetesApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeKubernetesApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return server;
    }

    public k8s.Kubernetes Client() => new(new k8s.KubernetesClientConfiguration { Host = Url });

    /// <summary>The stored object at an API path such as <c>/apis/apps/v1/namespaces/eth-nodes/statefulsets/geth</c>.</summary>
    public JsonObject? Object(string path)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(path, out var stored) ? (JsonObject)stored.Body.DeepClone() : null;
        }
    }

    public IReadOnlyDictionary<string, string> ResourceVersions()
    {
        lock (_gate)
        {
            return _objects.ToDictionary(o => o.Key, o => o.Value.ResourceVersion, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<string> Paths()
    {
        lock (_gate)
        {
            return _objects.Keys.ToList();
        }
    }

    /// <summary>Stores an object as if someone else had created it (a pre-existing Secret, a PVC made by a StatefulSet).</summary>
    public void Seed(string path, JsonObject body)
    {
        lock (_gate)
        {
            _objects[path] = new StoredObject(body, NextVersion());
        }
    }

    /// <summary>Makes the workload at <paramref name="path"/> report zero ready replicas forever.</summary>
    public void NeverReady(string path) => _neverReady.Add(path);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        var recorded = new RecordedRequest(request.Method, request.Path.Value!, request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.ContentType ?? "", body);
        _requests.Enqueue(recorded);
        var (status, response) = Handle(recorded);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    private (int Status, JsonNode Body) Handle(RecordedRequest request)
    {
        lock (_gate)
        {
            return request.Method switch
            {
                "PATCH" when request.ContentType.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) => Apply(request),
                "PATCH" when request.ContentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal) => MergePatch(request),
                "GET" => _objects.TryGetValue(request.Path, out var stored) ? (200, WithStatus(request.Path, stored)) : NotFound(request.Path),
                "POST" => Create(request),
                "DELETE" when request.Query.TryGetValue("labelSelector", out var selector) => DeleteCollection(request.Path, selector),
                "DELETE" => DeleteNamespace(request.Path),
                _ => (405, Status(405, "MethodNotAllowed", request.Method)),
            };
        }
    }

    private (int, JsonNode) Apply(RecordedRequest request)
    {
        if (!request.Query.TryGetValue("fieldManager", out var manager) || manager.Length == 0)
        {
            return (422, Status(422, "Invalid", "PATCH with apply-patch requires a fieldManager"));
        }

        var applied = JsonNode.Parse(request.Body)!.AsObject();
        if (!_objects.TryGetValue(request.Path, out var stored) || !JsonNode.DeepEquals(stored.Applied, applied))
        {
            stored = new StoredObject(applied, NextVersion()) { Generation = (stored?.Generation ?? 0) + 1 };
            _objects[request.Path] = stored;
        }

        return (200, WithStatus(request.Path, stored));
    }

    private (int, JsonNode) MergePatch(RecordedRequest request)
    {
        if (!_objects.TryGetValue(request.Path, out var stored))
        {
            return NotFound(request.Path);
        }

        var body = (JsonObject)stored.Body.DeepClone();
        var data = body["data"] as JsonObject ?? [];
        foreach (var (key, value) in JsonNode.Parse(request.Body)!["stringData"]!.AsObject())
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value!.GetValue<string>()));
        }

        body["data"] = data;
        _objects[request.Path] = stored = new StoredObject(body, NextVersion());
        return (200, WithStatus(request.Path, stored));
    }

    private (int, JsonNode) Create(RecordedRequest request)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var path = request.Path + "/" + body["metadata"]!["name"]!.GetValue<string>();
        if (_objects.ContainsKey(path))
        {
            return (409, Status(409, "AlreadyExists", path));
        }

        if (body["stringData"] is JsonObject stringData)
        {
            body["data"] = new JsonObject(stringData.Select(p =>
                KeyValuePair.Create(p.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(p.Value!.GetValue<string>())))));
            body.Remove("stringData");
        }

        var stored = new StoredObject(body, NextVersion());
        _objects[path] = stored;
        return (201, WithStatus(path, stored));
    }

    private (int, JsonNode) DeleteCollection(string collection, string selector)
    {
        var required = selector.Split(',').Select(s => s.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
        var doomed = _objects
            .Where(o => o.Key.StartsWith(collection + "/", StringComparison.Ordinal) && !o.Key[(collection.Length + 1)..].Contains('/'))
            .Where(o => required.All(r => o.Value.Body["metadata"]?["labels"]?[r.Key]?.GetValue<string>() == r.Value))
            .Select(o => o.Key)
            .ToList();
        doomed.ForEach(path => _objects.Remove(path));
        return (200, Status(200, "Success", $"deleted {doomed.Count}"));
    }

    private (int, JsonNode) DeleteNamespace(string path)
    {
        if (!_objects.Remove(path))
        {
            return NotFound(path);
        }

        var name = path["/api/v1/namespaces/".Length..];
        foreach (var inside in _objects.Keys.Where(k => k.Contains($"/namespaces/{name}/", StringComparison.Ordinal)).ToList())
        {
            _objects.Remove(inside);
        }

        return (200, Status(200, "Success", path));
    }

    private JsonObject WithStatus(string path, StoredObject stored)
    {
        var body = (JsonObject)stored.Body.DeepClone();
        var metadata = body["metadata"] as JsonObject ?? [];
        metadata["resourceVersion"] = stored.ResourceVersion;
        metadata["generation"] = stored.Generation;
        body["metadata"] = metadata;
        var kind = body["kind"]?.GetValue<string>();
        if (kind is "StatefulSet" or "Deployment" or "DaemonSet")
        {
            var ready = _neverReady.Contains(path) ? 0 : kind == "DaemonSet" ? 3 : body["spec"]?["replicas"]?.GetValue<int>() ?? 1;
            body["status"] = kind == "DaemonSet"
                ? new JsonObject { ["desiredNumberScheduled"] = 3, ["numberReady"] = ready, ["updatedNumberScheduled"] = ready, ["observedGeneration"] = stored.Generation }
                : new JsonObject { ["replicas"] = ready, ["readyReplicas"] = ready, ["updatedReplicas"] = ready, ["observedGeneration"] = stored.Generation };
        }

        return body;
    }

    private string NextVersion() => (++_lastResourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (int, JsonNode) NotFound(string path) => (404, Status(404, "NotFound", path));

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["status"] = code < 300 ? "Success" : "Failure",
        ["reason"] = reason,
        ["message"] = message,
        ["code"] = code,
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>One HTTP request the client made.</summary>
    internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string ContentType, string Body);

    private sealed record StoredObject(JsonObject Body, string ResourceVersion)
    {
        /// <summary>What the last apply sent, for "did anything change" (a real server compares managed fields).</summary>
        public JsonObject Applied { get; } = (JsonObject)Body.DeepClone();

        public long Generation { get; init; } = 1;
    }
}
