using NodeStack.Hosting.Kubernetes;

var builder = DistributedApplication.CreateBuilder(args);

// Until the node resources land, the exporter reads the node's RPC address from configuration
// (NodeStack:Bitcoin:RpcUrl, default: a local regtest node) and authenticates with that node's cookie file
// (NodeStack:Bitcoin:RpcCookieFile, default: ~/.bitcoin/regtest/.cookie). Credentials in the URL take precedence.
builder.AddProject<Projects.NodeStack_Exporter>("bitcoin-exporter")
    .WithEnvironment("BITCOIN_RPC_URL", builder.Configuration["NodeStack:Bitcoin:RpcUrl"] ?? "http://127.0.0.1:18443")
    .WithEnvironment("BITCOIN_RPC_COOKIE_FILE", builder.Configuration["NodeStack:Bitcoin:RpcCookieFile"]
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bitcoin", "regtest", ".cookie"))
    .WithHttpHealthCheck("/health");

builder.AddNodeStackKubernetes();

builder.Build().Run();
