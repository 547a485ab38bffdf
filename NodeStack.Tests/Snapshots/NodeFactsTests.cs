using NodeStack.Hosting.Snapshots;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Snapshots;

/// <summary>The manifest's node facts, read from real bcoin, anvil and ganache, and from the Beacon API simulator (no Lighthouse runs here).</summary>
public sealed class NodeFactsTests
{
    // Bitcoin's regtest genesis block, the same in every implementation.
    private const string RegtestGenesis = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bitcoin_facts_are_the_height_best_block_and_genesis_hash_bcoin_reports()
    {
        await using var node = await BcoinRegtestPeer.StartAsync(Cancel);
        await node.CallAsync("generatetoaddress", 3, BcoinRegtestPeer.MiningAddress);

        var facts = await BitcoinNodeFacts.ReadAsync(node.Rpc, Cancel);

        Assert.Equal(3, facts.Height);
        Assert.Equal((await node.CallAsync("getbestblockhash")).GetString(), facts.BestBlockHash);
        Assert.Equal(RegtestGenesis, facts.GenesisHash);
    }

    [Theory]
    [InlineData("anvil")]
    [InlineData("ganache")]
    public async Task Ethereum_facts_are_the_head_number_and_hash_and_block_zeros_hash(string program)
    {
        await using var node = await EthereumDevPeer.StartAsync(program, Cancel);
        await node.CallAsync("evm_mine");
        await node.CallAsync("evm_mine");

        var facts = await new EthereumNodeFacts(8545).ReadAsync(node.Url, NodeCommandRunner.Services, Cancel);

        var head = await node.CallAsync("eth_getBlockByNumber", "latest", false);
        var genesis = await node.CallAsync("eth_getBlockByNumber", "0x0", false);
        Assert.Equal(2, facts.Height);
        Assert.Equal(head.GetProperty("hash").GetString(), facts.BestBlockHash);
        Assert.Equal(genesis.GetProperty("hash").GetString(), facts.GenesisHash);
        Assert.NotEqual(facts.BestBlockHash, facts.GenesisHash);
    }

    [Fact]
    public async Task Beacon_facts_are_the_head_slot_and_root_and_the_genesis_validators_root_from_the_beacon_api_simulator()
    {
        await using var beacon = await BeaconApiSimulator.StartAsync(headSlot: 7_654_321, syncDistance: 0, executionOffline: false, optimistic: false, peers: 40, Cancel);

        var facts = await new BeaconNodeFacts(5052).ReadAsync(beacon.Url, NodeCommandRunner.Services, Cancel);

        Assert.Equal(new NodeFacts(7_654_321, BeaconApiSimulator.HeadRoot, BeaconApiSimulator.GenesisValidatorsRoot), facts);
    }
}
