using System.Security.Cryptography;
using System.Text;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// Builds Bitcoin Core <c>-rpcauth</c> lines (<c>user:salt$hmac</c>), exactly as share/rpcauth/rpcauth.py does:
/// HMAC-SHA256 keyed with the salt's text over the password, hex-encoded. bitcoind stores only the hash, so the
/// line can sit in its arguments without revealing the password.
/// </summary>
internal static class BitcoinRpcAuth
{
    /// <summary>Prefixed to the user name as the message of the salt's HMAC.</summary>
    private const string SaltLabel = "nodestack-rpcauth-salt:";

    /// <summary>Builds the line for <paramref name="user"/> and <paramref name="password"/> with <paramref name="salt"/>.</summary>
    public static string CreateLine(string user, string password, string salt)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentException.ThrowIfNullOrEmpty(salt);
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Bitcoin Core RPC user name cannot contain ':'.", nameof(user));
        }

        var hmac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(salt), Encoding.UTF8.GetBytes(password));
        return $"{user}:{salt}${Convert.ToHexStringLower(hmac)}";
    }

    /// <summary>
    /// A POSIX shell command printing the line <see cref="CreateLine(string, string)"/> builds for <paramref name="user"/>
    /// and the password in the shell variable <paramref name="passwordVariable"/>, with Python's hmac module as rpcauth.py
    /// uses it; the password reaches python3 in its environment, never in its arguments.
    /// </summary>
    public static string ShellCommand(string user, string passwordVariable)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(passwordVariable);
        var quotedUser = "'" + user.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        const string Python =
            "import hashlib,hmac,os; u=os.environ[\"RPC_USER\"]; p=os.environ[\"RPC_PASSWORD\"].encode(); " +
            "s=hmac.new(p,(\"" + SaltLabel + "\"+u).encode(),hashlib.sha256).hexdigest()[:32]; " +
            "print(u+\":\"+s+\"$\"+hmac.new(s.encode(),p,hashlib.sha256).hexdigest())";
        return $"RPC_USER={quotedUser} RPC_PASSWORD=\"${passwordVariable}\" python3 -c '{Python}'";
    }

    /// <summary>
    /// Builds the line with a salt derived from the credentials. rpcauth.py draws a random salt; NodeStack derives
    /// it so the line, and with it the container's arguments, stay the same from run to run: a persistent
    /// container is then reused instead of recreated on every AppHost start. The salt still differs per password.
    /// </summary>
    public static string CreateLine(string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = HMACSHA256.HashData(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(SaltLabel + user));
        return CreateLine(user, password, Convert.ToHexStringLower(salt, 0, 16));
    }
}
