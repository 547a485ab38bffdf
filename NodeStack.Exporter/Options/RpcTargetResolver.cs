using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Options;

/// <summary>
/// Decides the node's RPC endpoint and credentials from the settings, in a documented precedence:
/// endpoint: BITCOIN_RPC_URL, then ConnectionStrings__bitcoin, then BITCOIN_RPC_SCHEME/HOST/PORT (each falling back to
/// bitcoin.conf's rpcconnect/rpcport, then http, localhost and the chain's default port);
/// credentials: userinfo of the URL that set the endpoint, then BITCOIN_RPC_USER/PASSWORD, then BITCOIN_RPC_COOKIE_FILE,
/// then bitcoin.conf (rpcuser/rpcpassword, else its cookie file).
/// Every setting present is read and validated, also one that loses to a setting of higher precedence: a typo there
/// would otherwise surface only on the day the winning setting is removed.
/// </summary>
internal static class RpcTargetResolver
{
    /// <summary>Bitcoin Core's mainnet RPC port, the port when nothing else names one.</summary>
    public const int DefaultRpcPort = 8332;

    public static void Resolve(SettingReader settings, ExporterOptions options)
    {
        var conf = LoadConf(settings);
        var rpcUrl = settings.HttpUrl(SettingNames.RpcUrl);
        var connectionString = settings.HttpUrl(SettingNames.ConnectionString);
        var parts = FromParts(settings, conf);
        var environmentCredentials = FromEnvironment(settings);
        var (urlKey, url) = rpcUrl is not null ? (SettingNames.RpcUrl, rpcUrl) : (SettingNames.ConnectionString, connectionString);

        // A URL without a port means the RPC port the other settings give (the chain's, or 8332), never HTTP's 80.
        options.RpcUri = url is null ? parts : WithoutUserInfo(url, NamesPort(settings.Text(urlKey)!) ? url.Port : parts.Port);
        options.Credentials = (url is not null ? FromUserInfo(url, urlKey) : null)
            ?? environmentCredentials
            ?? FromConf(conf);

        if (options.Credentials is null && settings.Text(SettingNames.RpcUser) is null && settings.Text(SettingNames.RpcPassword) is null)
        {
            settings.Fail(SettingNames.RpcUser,
                "no RPC credentials are configured. Set BITCOIN_RPC_USER and BITCOIN_RPC_PASSWORD, BITCOIN_RPC_COOKIE_FILE, "
                + "BITCOIN_CONF_PATH, or a user and password in BITCOIN_RPC_URL or ConnectionStrings__bitcoin.");
        }
    }

    private static BitcoinConfFile? LoadConf(SettingReader settings)
    {
        var path = settings.FilePath(SettingNames.ConfPath);
        if (path is null)
        {
            // Like the Python exporter, fall back to the default bitcoin.conf when it exists.
            path = SettingReader.ExpandHome("~/.bitcoin/bitcoin.conf");
            return File.Exists(path) ? BitcoinConfFile.Load(path) : null;
        }

        try
        {
            return BitcoinConfFile.Load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            settings.Fail(SettingNames.ConfPath, $"cannot read '{path}': {ex.Message}");
            return null;
        }
    }

    private static Uri FromParts(SettingReader settings, BitcoinConfFile? conf)
    {
        var scheme = settings.Choice(SettingNames.RpcScheme, "http", "https") ?? "http";
        var host = settings.Text(SettingNames.RpcHost) ?? conf?.RpcConnect ?? "localhost";
        var port = settings.Port(SettingNames.RpcPort) ?? conf?.RpcPort ?? DefaultRpcPort;
        if (Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            settings.Fail(SettingNames.RpcHost, $"'{host}' is not a host name or IP address.");
            host = "localhost";
        }

        return new UriBuilder(scheme, host, port, "/").Uri;
    }

    /// <summary>Whether the URL's authority names a port: <see cref="Uri.Port"/> says 80 for "http://node" and "http://node:80" alike.</summary>
    private static bool NamesPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        authority = end < 0 ? authority : authority[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && colon < authority.Length - 1;
    }

    private static Uri WithoutUserInfo(Uri url, int port) =>
        new UriBuilder(url) { UserName = "", Password = "", Port = port, Path = url.AbsolutePath }.Uri;

    private static RpcCredentialSource? FromUserInfo(Uri url, string key)
    {
        if (string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? url.UserInfo : url.UserInfo[..colon];
        var password = colon < 0 ? "" : url.UserInfo[(colon + 1)..];
        return RpcCredentialSource.FromPassword(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password), SettingNames.Display(key));
    }

    private static RpcCredentialSource? FromEnvironment(SettingReader settings)
    {
        var user = settings.Text(SettingNames.RpcUser);
        var password = settings.Text(SettingNames.RpcPassword);
        var cookie = settings.FilePath(SettingNames.RpcCookieFile);
        if (user is not null && password is not null)
        {
            return RpcCredentialSource.FromPassword(user, password, "BITCOIN_RPC_USER/BITCOIN_RPC_PASSWORD");
        }

        if (user is not null || password is not null)
        {
            var missing = user is null ? SettingNames.RpcUser : SettingNames.RpcPassword;
            settings.Fail(missing, $"is required when {(user is null ? SettingNames.RpcPassword : SettingNames.RpcUser)} is set.");
            return null;
        }

        return cookie is not null ? RpcCredentialSource.FromCookieFile(cookie, SettingNames.RpcCookieFile) : null;
    }

    private static RpcCredentialSource? FromConf(BitcoinConfFile? conf) => conf switch
    {
        null => null,
        { RpcPassword: { } password } => RpcCredentialSource.FromPassword(conf.RpcUser ?? "", password, SettingNames.ConfPath),
        _ => RpcCredentialSource.FromCookieFile(conf.CookieFile, SettingNames.ConfPath),
    };
}
