using NodeStack.Hosting.Kubernetes;

var builder = DistributedApplication.CreateBuilder(args);

// Until the node resources land, the exporter reads the node's RPC address from configuration
// (NodeStack:Bitcoin:RpcUrl, default: a local regtest node).
builder.AddProject<Projects.NodeStack_Exporter>("bitcoin-exporter")
    .WithEnvironment("BITCOIN_RPC_URL", builder.Configuration["NodeStack:Bitcoin:RpcUrl"] ?? "http://127.0.0.1:18443");

builder.AddNodeStackKubernetes();

builder.Build().Run();
