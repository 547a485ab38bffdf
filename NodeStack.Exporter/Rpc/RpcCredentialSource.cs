namespace NodeStack.Exporter.Rpc;

/// <summary>Where the exporter's RPC credentials come from: a user and password, or bitcoind's cookie file.</summary>
public sealed class RpcCredentialSource
{
    private RpcCredentialSource(string origin, string? user, string? password, string? cookieFile)
    {
        Origin = origin;
        User = user;
        Password = password;
        CookieFile = cookieFile;
    }

    /// <summary>The setting the credentials were taken from, for logs (never the secret itself).</summary>
    public string Origin { get; }

    public string? User { get; }

    public string? Password { get; }

    public string? CookieFile { get; }

    public static RpcCredentialSource FromPassword(string user, string password, string origin) => new(origin, user, password, null);

    public static RpcCredentialSource FromCookieFile(string path, string origin) => new(origin, null, null, path);

    /// <summary>Describes the source without the password, so it is safe to log.</summary>
    public override string ToString() =>
        CookieFile is null ? $"user '{User}' with a password from {Origin}" : $"cookie file '{CookieFile}' from {Origin}";
}
