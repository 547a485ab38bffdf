using System.Globalization;

namespace NodeStack.Exporter.Options;

/// <summary>
/// The RPC-client view of a bitcoin.conf: which chain it selects, and that chain's rpcconnect, rpcport, rpcuser,
/// rpcpassword and cookie file, resolved the way bitcoind and bitcoin-cli resolve them.
/// </summary>
/// <remarks>
/// A value in the chain's section (<c>[regtest]</c>, or <c>regtest.rpcport=</c>) overrides the top-level value.
/// As in bitcoind, rpcport is network-only: for a chain other than main, a top-level rpcport is ignored.
/// </remarks>
public sealed class BitcoinConfFile
{
    private static readonly Dictionary<string, (string Section, string DataSubdirectory, int RpcPort)> Chains = new()
    {
        ["main"] = ("main", "", 8332),
        ["test"] = ("test", "testnet3", 18332),
        ["testnet4"] = ("testnet4", "testnet4", 48332),
        ["signet"] = ("signet", "signet", 38332),
        ["regtest"] = ("regtest", "regtest", 18443),
    };

    private readonly Dictionary<string, Dictionary<string, string>> _sections;
    private readonly string _directory;

    private BitcoinConfFile(Dictionary<string, Dictionary<string, string>> sections, string directory)
    {
        _sections = sections;
        _directory = directory;
        Chain = ResolveChain();
    }

    /// <summary>The chain the file selects: main, test, testnet4, signet or regtest.</summary>
    public string Chain { get; }

    public string? RpcConnect => Value("rpcconnect", networkOnly: false);

    public int RpcPort =>
        int.TryParse(Value("rpcport", networkOnly: true), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : Chains[Chain].RpcPort;

    public string? RpcUser => Value("rpcuser", networkOnly: false);

    public string? RpcPassword => Value("rpcpassword", networkOnly: false);

    /// <summary>rpccookiefile (relative paths resolve against the chain's data directory), or that directory's .cookie.</summary>
    public string CookieFile
    {
        get
        {
            var dataDirectory = Value("datadir", networkOnly: false) is { } datadir ? SettingReader.ExpandHome(datadir) : _directory;
            var chainDirectory = Path.Combine(dataDirectory, Chains[Chain].DataSubdirectory);
            var cookie = Value("rpccookiefile", networkOnly: false) is { } configured ? SettingReader.ExpandHome(configured) : ".cookie";
            return Path.Combine(chainDirectory, cookie);
        }
    }

    public static BitcoinConfFile Load(string path) => Parse(File.ReadAllLines(path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? "");

    public static BitcoinConfFile Parse(IEnumerable<string> lines, string directory)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal) { [""] = [] };
        var section = "";
        foreach (var rawLine in lines)
        {
            var line = StripComment(rawLine).Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim();
            var target = section;
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (section.Length == 0 && dot > 0)
            {
                (target, key) = (key[..dot], key[(dot + 1)..]);
            }

            if (!sections.TryGetValue(target, out var values))
            {
                sections[target] = values = [];
            }

            // bitcoind takes the first value of a single-valued option.
            values.TryAdd(key, line[(equals + 1)..].Trim());
        }

        return new BitcoinConfFile(sections, directory);
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    private string? Value(string key, bool networkOnly)
    {
        if (_sections.TryGetValue(Chains[Chain].Section, out var chainValues) && chainValues.TryGetValue(key, out var chainValue))
        {
            return chainValue;
        }

        if (networkOnly && Chain != "main")
        {
            return null;
        }

        return _sections[""].TryGetValue(key, out var value) ? value : null;
    }

    private string ResolveChain()
    {
        var top = _sections[""];
        if (top.TryGetValue("chain", out var chain) && Chains.ContainsKey(chain))
        {
            return chain;
        }

        foreach (var (flag, name) in new[] { ("regtest", "regtest"), ("testnet4", "testnet4"), ("signet", "signet"), ("testnet", "test") })
        {
            if (top.TryGetValue(flag, out var on) && on == "1")
            {
                return name;
            }
        }

        return "main";
    }
}
