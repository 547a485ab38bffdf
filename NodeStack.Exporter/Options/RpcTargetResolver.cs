using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Options;

/// <summary>
/// Decides the node's RPC endpoint and credentials from the settings, in a documented precedence:
/// endpoint: BITCOIN_RPC_URL, then ConnectionStrings__bitcoin, then BITCOIN_RPC_SCHEME/HOST/PORT (each falling back to
/// bitcoin.conf's rpcconnect/rpcport, then http, localhost and the chain's default port);
/// credentials: userinfo of the URL that set the endpoint, then BITCOIN_RPC_USER/PASSWORD, then BITCOIN_RPC_COOKIE_FILE,
/// then bitcoin.conf (rpcuser/rpcpassword, else its cookie file).
/// </summary>
internal static class RpcTargetResolver
{
    public static void Resolve(SettingReader settings, ExporterOptions options)
    {
        var conf = LoadConf(settings);
        var (urlKey, url) = settings.HttpUrl(SettingNames.RpcUrl) is { } rpcUrl
            ? (SettingNames.RpcUrl, rpcUrl)
            : (SettingNames.ConnectionString, settings.HttpUrl(SettingNames.ConnectionString));

        options.RpcUri = url is not null ? WithoutUserInfo(url) : FromParts(settings, conf);
        options.Credentials = (url is not null ? FromUserInfo(url, urlKey) : null)
            ?? FromEnvironment(settings)
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
        var port = settings.Port(SettingNames.RpcPort) ?? conf?.RpcPort ?? 8332;
        if (Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            settings.Fail(SettingNames.RpcHost, $"'{host}' is not a host name or IP address.");
            host = "localhost";
        }

        return new UriBuilder(scheme, host, port, "/").Uri;
    }

    private static Uri WithoutUserInfo(Uri url) =>
        new UriBuilder(url) { UserName = "", Password = "", Path = url.AbsolutePath }.Uri;

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

        return settings.FilePath(SettingNames.RpcCookieFile) is { } cookie
            ? RpcCredentialSource.FromCookieFile(cookie, SettingNames.RpcCookieFile)
            : null;
    }

    private static RpcCredentialSource? FromConf(BitcoinConfFile? conf) => conf switch
    {
        null => null,
        { RpcPassword: { } password } => RpcCredentialSource.FromPassword(conf.RpcUser ?? "", password, SettingNames.ConfPath),
        _ => RpcCredentialSource.FromCookieFile(conf.CookieFile, SettingNames.ConfPath),
    };
}
