using System.Net.Http.Headers;
using System.Text;

namespace NodeStack.Exporter.Rpc;

/// <summary>
/// Builds the Basic Authorization header for the node. With a cookie file, the file is re-read when it changes
/// (bitcoind writes a new cookie on every start) and after the node rejects the current one.
/// </summary>
public sealed class RpcAuthorization(RpcCredentialSource source)
{
    private readonly Lock _lock = new();
    private AuthenticationHeaderValue? _header = source.CookieFile is null ? Basic($"{source.User}:{source.Password}") : null;
    private (DateTime WrittenUtc, long Length) _cookieVersion;

    public AuthenticationHeaderValue Current()
    {
        if (source.CookieFile is not { } path)
        {
            return _header!;
        }

        lock (_lock)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new RpcFaultException(RpcFaultKind.Credentials, $"the cookie file '{path}' does not exist (is bitcoind running?)");
            }

            if (_header is null || _cookieVersion != (file.LastWriteTimeUtc, file.Length))
            {
                _header = ReadCookie(path);
                _cookieVersion = (file.LastWriteTimeUtc, file.Length);
            }

            return _header;
        }
    }

    /// <summary>After a 401: re-reads the cookie file and says whether it changed, so one retry is worth making.</summary>
    public bool ReloadAfterRejection()
    {
        if (source.CookieFile is not { } path)
        {
            return false;
        }

        lock (_lock)
        {
            var previous = _header;
            try
            {
                _header = ReadCookie(path);
            }
            catch (RpcFaultException)
            {
                return false;
            }

            return previous?.Parameter != _header.Parameter;
        }
    }

    private static AuthenticationHeaderValue ReadCookie(string path)
    {
        try
        {
            // The cookie is "__cookie__:<hex>" on one line; it is already the user:password pair.
            return Basic(File.ReadAllText(path).Trim());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RpcFaultException(RpcFaultKind.Credentials, $"cannot read the cookie file '{path}': {ex.Message}", ex);
        }
    }

    private static AuthenticationHeaderValue Basic(string userAndPassword) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword)));
}
