using Microsoft.Extensions.Configuration;
using NodeStack.Exporter.Options;

namespace NodeStack.Tests.Exporter;

/// <summary>How settings become options: each bad setting's error, and the documented precedence of sources.</summary>
public sealed class ExporterSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("exporter-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("METRICS_PORT", "70000", "METRICS_PORT: '70000' is not a TCP port")]
    [InlineData("METRICS_ADDR", "metrics.example", "METRICS_ADDR: 'metrics.example' is not an IP address")]
    [InlineData("BITCOIN_RPC_PORT", "eighty", "BITCOIN_RPC_PORT: 'eighty' is not a TCP port")]
    [InlineData("BITCOIN_RPC_SCHEME", "ftp", "BITCOIN_RPC_SCHEME: 'ftp' is not one of: http, https")]
    [InlineData("BITCOIN_RPC_HOST", "bad host!", "BITCOIN_RPC_HOST: 'bad host!' is not a host name")]
    [InlineData("BITCOIN_RPC_URL", "bitcoin:secret@node", "BITCOIN_RPC_URL: is not an absolute http or https URL")]
    [InlineData("ConnectionStrings:bitcoin", "tcp://u:secret@node:8332", "ConnectionStrings__bitcoin: is not an absolute http or https URL")]
    [InlineData("TIMEOUT", "0", "TIMEOUT: '0' is not a number of seconds")]
    [InlineData("RATE_LIMIT", "soon", "RATE_LIMIT: 'soon' is not a number of seconds")]
    [InlineData("HASHPS_BLOCKS", "-1,x", "HASHPS_BLOCKS: 'x' is not an integer")]
    [InlineData("HASHPS_BLOCKS", "120,120", "HASHPS_BLOCKS: '120' is listed twice")]
    [InlineData("SMARTFEE_BLOCKS", "2,1009", "SMARTFEE_BLOCKS: '1009' is not an integer from 1 to 1008")]
    [InlineData("BITCOIN_CONF_PATH", "/nonexistent/bitcoin.conf", "BITCOIN_CONF_PATH: cannot read '/nonexistent/bitcoin.conf'")]
    [InlineData("BITCOIN_RPC_PASSWORD", "", "BITCOIN_RPC_PASSWORD: is required when BITCOIN_RPC_USER is set")]
    public void A_bad_setting_fails_validation_with_a_message_naming_it(string key, string value, string expectedMessage)
    {
        var (_, errors) = Resolve(new() { ["BITCOIN_RPC_USER"] = "exporter", ["BITCOIN_RPC_PASSWORD"] = "pw", [key] = value });

        var error = Assert.Single(errors);
        Assert.StartsWith(expectedMessage, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BITCOIN_RPC_PORT", "eighty", "BITCOIN_RPC_PORT: 'eighty' is not a TCP port")]
    [InlineData("BITCOIN_RPC_SCHEME", "ftp", "BITCOIN_RPC_SCHEME: 'ftp' is not one of: http, https")]
    [InlineData("BITCOIN_RPC_HOST", "bad host!", "BITCOIN_RPC_HOST: 'bad host!' is not a host name")]
    [InlineData("BITCOIN_RPC_USER", "lonely", "BITCOIN_RPC_PASSWORD: is required when BITCOIN_RPC_USER is set")]
    [InlineData("BITCOIN_RPC_PASSWORD", "lonely", "BITCOIN_RPC_USER: is required when BITCOIN_RPC_PASSWORD is set")]
    [InlineData("ConnectionStrings:bitcoin", "tcp://u:secret@node:8332", "ConnectionStrings__bitcoin: is not an absolute http or https URL")]
    public void A_bad_setting_fails_validation_even_when_BITCOIN_RPC_URL_wins_over_it(string key, string value, string expectedMessage)
    {
        var (_, errors) = Resolve(new() { ["BITCOIN_RPC_URL"] = "http://alice:secret@node:8332", [key] = value });

        var error = Assert.Single(errors);
        Assert.StartsWith(expectedMessage, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_host_setting_fails_validation_even_when_the_connection_string_wins_over_it()
    {
        var (_, errors) = Resolve(new() { ["ConnectionStrings:bitcoin"] = "http://bob:pw@aspire-node:8332", ["BITCOIN_RPC_PORT"] = "0" });

        Assert.StartsWith("BITCOIN_RPC_PORT: '0' is not a TCP port", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://alice:pw@node", null, "http://node:8332/")]
    [InlineData("https://alice:pw@node/", null, "https://node:8332/")]
    [InlineData("http://alice:pw@[::1]", null, "http://[::1]:8332/")]
    [InlineData("http://alice:pw@node", "18443", "http://node:18443/")]
    [InlineData("http://alice:pw@node:80", "18443", "http://node:80/")]
    [InlineData("http://alice:pw@[::1]:18332", null, "http://[::1]:18332/")]
    public void A_URL_without_a_port_means_the_RPC_port_the_other_settings_give_never_HTTPs_default(string url, string? rpcPort, string expected)
    {
        var (options, errors) = Resolve(new() { ["BITCOIN_RPC_URL"] = url, ["BITCOIN_RPC_PORT"] = rpcPort });

        Assert.Empty(errors);
        Assert.Equal(new Uri(expected), options.RpcUri);
    }

    [Fact]
    public void A_connection_string_without_a_port_takes_the_chain_port_of_bitcoin_conf()
    {
        var conf = WriteConf("chain=regtest");

        var (options, _) = Resolve(new() { ["ConnectionStrings:bitcoin"] = "http://bob:pw@aspire-node", ["BITCOIN_CONF_PATH"] = conf });

        Assert.Equal(new Uri("http://aspire-node:18443/"), options.RpcUri);
        Assert.Equal("bob", options.Credentials!.User);
    }

    [Theory]
    [InlineData("INFO")]
    [InlineData("debug")]
    [InlineData("WARN")]
    [InlineData("Information")]
    public void LOG_LEVEL_accepts_the_Python_exporters_level_names_in_any_case_and_NET_level_names(string level)
    {
        var (_, errors) = Resolve(new() { ["BITCOIN_RPC_USER"] = "u", ["BITCOIN_RPC_PASSWORD"] = "p", ["LOG_LEVEL"] = level });

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("LOG_LEVEL", "loud", "LOG_LEVEL: 'loud' is not a log level (one of: CRITICAL, FATAL, ERROR, WARNING, WARN, INFO, DEBUG, NOTSET, Trace, Information, None)")]
    [InlineData("RETRIES", "five", "RETRIES: 'five' is not an integer of 0 or more")]
    [InlineData("RETRIES", "-1", "RETRIES: '-1' is not an integer of 0 or more")]
    public void A_bad_Python_exporter_setting_the_exporter_does_not_need_still_fails_validation(string key, string value, string expectedMessage)
    {
        var (_, errors) = Resolve(new() { ["BITCOIN_RPC_USER"] = "u", ["BITCOIN_RPC_PASSWORD"] = "p", [key] = value });

        Assert.StartsWith(expectedMessage, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void RETRIES_and_REFRESH_SECONDS_are_accepted_with_a_startup_note_saying_why_they_change_nothing()
    {
        var (options, errors) = Resolve(new()
        {
            ["BITCOIN_RPC_USER"] = "u", ["BITCOIN_RPC_PASSWORD"] = "p", ["RETRIES"] = "5", ["REFRESH_SECONDS"] = "300",
        });

        Assert.Empty(errors);
        Assert.Collection(options.CompatibilityNotes,
            note =>
            {
                Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, note.Level);
                Assert.StartsWith("RETRIES=5 is accepted for compatibility", note.Message, StringComparison.Ordinal);
                Assert.Contains("hard deadline", note.Message, StringComparison.Ordinal);
            },
            note =>
            {
                Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, note.Level);
                Assert.StartsWith("REFRESH_SECONDS is ignored", note.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Missing_credentials_fail_validation_listing_every_way_to_give_them()
    {
        var (_, errors) = Resolve(new() { ["BITCOIN_RPC_HOST"] = "node" });

        var error = Assert.Single(errors);
        Assert.Contains("no RPC credentials", error, StringComparison.Ordinal);
        Assert.Contains("BITCOIN_RPC_COOKIE_FILE", error, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__bitcoin", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_match_the_Python_exporter()
    {
        var (options, errors) = Resolve(new() { ["BITCOIN_RPC_USER"] = "u", ["BITCOIN_RPC_PASSWORD"] = "p" });

        Assert.Empty(errors);
        Assert.Equal(new Uri("http://localhost:8332/"), options.RpcUri);
        Assert.Equal(9332, options.MetricsPort);
        Assert.Equal([-1, 1, 120], options.HashpsBlocks);
        Assert.Equal([2, 3, 5, 20], options.SmartFeeBlocks);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MinCollectionInterval);
    }

    [Fact]
    public void BITCOIN_RPC_URL_wins_over_the_connection_string_which_wins_over_host_and_port()
    {
        var (options, _) = Resolve(new()
        {
            ["BITCOIN_RPC_URL"] = "http://alice:p%40ss%3Aw%2Frd@10.0.0.5:18443",
            ["ConnectionStrings:bitcoin"] = "http://bob:other@aspire-node:8332",
            ["BITCOIN_RPC_HOST"] = "ignored",
            ["BITCOIN_RPC_USER"] = "ignored",
            ["BITCOIN_RPC_PASSWORD"] = "ignored",
        });
        var (aspire, _) = Resolve(new() { ["ConnectionStrings:bitcoin"] = "http://bob:other@aspire-node:8332", ["BITCOIN_RPC_HOST"] = "ignored" });

        Assert.Equal(new Uri("http://10.0.0.5:18443/"), options.RpcUri);
        Assert.Equal(("alice", "p@ss:w/rd"), (options.Credentials!.User, options.Credentials.Password));
        Assert.Equal(new Uri("http://aspire-node:8332/"), aspire.RpcUri);
        Assert.Equal("bob", aspire.Credentials!.User);
    }

    [Fact]
    public void A_URL_without_userinfo_takes_credentials_from_the_other_settings()
    {
        var cookie = Path.Combine(_directory, ".cookie");

        var (options, errors) = Resolve(new() { ["BITCOIN_RPC_URL"] = "https://node:8332", ["BITCOIN_RPC_COOKIE_FILE"] = cookie });

        Assert.Empty(errors);
        Assert.Equal(new Uri("https://node:8332/"), options.RpcUri);
        Assert.Equal(cookie, options.Credentials!.CookieFile);
    }

    [Fact]
    public void bitcoin_conf_supplies_port_and_credentials_from_the_selected_network_section()
    {
        var conf = WriteConf("regtest=1", "rpcuser=alice", "rpcpassword=top", "rpcport=1234", "[regtest]", "rpcport=18555", "rpcconnect=127.0.0.2");

        var (options, errors) = Resolve(new() { ["BITCOIN_CONF_PATH"] = conf });

        Assert.Empty(errors);
        Assert.Equal(new Uri("http://127.0.0.2:18555/"), options.RpcUri);
        Assert.Equal(("alice", "top"), (options.Credentials!.User, options.Credentials.Password));
    }

    [Fact]
    public void bitcoin_conf_ignores_a_top_level_rpcport_for_test_networks_and_defaults_to_the_cookie_as_bitcoind_does()
    {
        var conf = WriteConf("chain=regtest", "rpcport=1234");

        var (options, _) = Resolve(new() { ["BITCOIN_CONF_PATH"] = conf });

        Assert.Equal(new Uri("http://localhost:18443/"), options.RpcUri);
        Assert.Equal(Path.Combine(_directory, "regtest", ".cookie"), options.Credentials!.CookieFile);
    }

    [Fact]
    public void bitcoin_conf_rpccookiefile_and_datadir_locate_the_cookie()
    {
        var conf = WriteConf("testnet4=1", $"datadir={_directory}/data", "rpccookiefile=auth/.cookie");

        var (options, _) = Resolve(new() { ["BITCOIN_CONF_PATH"] = conf });

        Assert.Equal(new Uri("http://localhost:48332/"), options.RpcUri);
        Assert.Equal(Path.Combine(_directory, "data", "testnet4", "auth", ".cookie"), options.Credentials!.CookieFile);
    }

    [Fact]
    public void Environment_settings_win_over_bitcoin_conf_field_by_field()
    {
        var conf = WriteConf("rpcuser=alice", "rpcpassword=top", "rpcport=9000");

        var (options, _) = Resolve(new()
        {
            ["BITCOIN_CONF_PATH"] = conf, ["BITCOIN_RPC_HOST"] = "node", ["BITCOIN_RPC_USER"] = "bob", ["BITCOIN_RPC_PASSWORD"] = "pw",
        });

        Assert.Equal(new Uri("http://node:9000/"), options.RpcUri);
        Assert.Equal("bob", options.Credentials!.User);
    }

    [Fact]
    public void Credential_sources_describe_themselves_without_the_password()
    {
        var (options, _) = Resolve(new() { ["BITCOIN_RPC_URL"] = "http://alice:hunter2@node:8332" });

        Assert.DoesNotContain("hunter2", options.Credentials!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", options.RpcUri.ToString(), StringComparison.Ordinal);
    }

    private string WriteConf(params string[] lines)
    {
        var path = Path.Combine(_directory, "bitcoin.conf");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (ExporterOptions Options, IReadOnlyList<string> Errors) Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new ExporterOptions();
        new ExporterOptionsSetup(configuration).Configure(options);
        var result = new ExporterOptionsValidator().Validate(null, options);
        return (options, result.Failed ? [.. result.Failures!] : []);
    }
}
