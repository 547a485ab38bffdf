var builder = DistributedApplication.CreateBuilder(args);

// A bad setting or parameter stops the AppHost with its message and exit code 2; a failed pipeline step prints its
// reason once and exits 1 (docs/troubleshooting.md).
builder.AddNodeStackExitCodes();

// The profile (NodeStack:* settings, see docs/settings.md): validated here, so a bad value stops the AppHost at once,
// naming the setting and its allowed values.
var settings = builder.AddNodeStackSettings();

// Without Docker (or Podman) running, or with images it cannot pull, say so once and still start the dashboard, the
// exporter and the sync states.
builder.AddContainerRuntimeCheck();

// Ethereum: geth on a dev chain, or on a public network driven by its Lighthouse consensus client through the Engine
// API. Persistent node containers (the default on public networks) outlive the AppHost, so a restart keeps hours of sync.
var geth = builder.AddGeth("geth", settings.Ethereum.Network)
    .WithDevBlockPeriod(settings.Ethereum.DevBlockPeriod)
    .WithCache(settings.Ethereum.CacheMegabytes)
    .WithLifetime(settings.Ethereum.Lifetime)
    .WithDataVolume();
if (geth.Resource.NeedsConsensusClient)
{
    builder.AddLighthouse("lighthouse", geth)
        .WithLifetime(settings.Ethereum.Lifetime);
}

// Bitcoin: Bitcoin Core, and NodeStack's Prometheus exporter reading it through ConnectionStrings__bitcoin.
var bitcoin = builder.AddBitcoinCore("bitcoin", settings.Bitcoin.Network)
    .WithTxIndex(settings.Bitcoin.TxIndex)
    .WithPrune(settings.Bitcoin.PruneMegabytes)
    .WithDbCache(settings.Bitcoin.DbCacheMegabytes)
    .WithLifetime(settings.Bitcoin.Lifetime)
    .WithDataVolume();
builder.AddBitcoinExporter<Projects.NodeStack_Exporter>("bitcoin-exporter", bitcoin);

// Monitoring: Prometheus, Grafana and Fluent Bit take their targets, dashboards and log files from the
// annotations the node integrations above put on the model.
var prometheus = builder.AddPrometheus("prometheus", settings.Monitoring.PrometheusPort)
    .WithRetention(settings.Monitoring.Retention)
    .WithScrapeInterval(settings.Monitoring.ScrapeInterval)
    .WithDataVolume();
builder.AddGrafana("grafana", prometheus, port: settings.Monitoring.GrafanaPort)
    .WithDataVolume();
builder.AddFluentBit("fluent-bit");

// Snapshots of chain data: dashboard commands on geth, lighthouse and bitcoin, and the node-snapshot, node-restore and
// node-snapshots steps (docs/snapshots.md).
builder.AddNodeStackSnapshots();

// Kubernetes: the environment the same model is published to, with publish, deploy and destroy pipeline steps.
builder.AddNodeStackKubernetes("k8s");

builder.Build().Run();
