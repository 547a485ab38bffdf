using NodeStack.Hosting.Bitcoin;

namespace NodeStack.Tests.Bitcoin;

public class BitcoinRpcAuthTests
{
    [Fact]
    public void Rpcauth_line_matches_bitcoin_cores_rpcauth_py_for_the_same_salt()
    {
        // Expected hash computed with Python's hmac.new(salt.encode(), password.encode(), 'SHA256').hexdigest(),
        // the algorithm of share/rpcauth/rpcauth.py.
        var line = BitcoinRpcAuth.CreateLine("alice", "correct horse battery staple", "0123456789abcdef0123456789abcdef");

        Assert.Equal("alice:0123456789abcdef0123456789abcdef$90ff3ce205bece1c447b777562931b92721a1956552484506bf368ee0278bcd3", line);
    }

    [Fact]
    public void Derived_salt_keeps_the_line_stable_across_runs_and_different_per_password()
    {
        var first = BitcoinRpcAuth.CreateLine("nodestack", "pw-one");

        Assert.Equal(first, BitcoinRpcAuth.CreateLine("nodestack", "pw-one"));
        Assert.NotEqual(first, BitcoinRpcAuth.CreateLine("nodestack", "pw-two"));
        Assert.Matches("^nodestack:[0-9a-f]{32}\\$[0-9a-f]{64}$", first);
        Assert.DoesNotContain("pw-one", first, StringComparison.Ordinal);
    }

    [Fact]
    public void User_names_with_a_colon_are_rejected_because_rpcauth_splits_on_it()
    {
        var error = Assert.Throws<ArgumentException>(() => BitcoinRpcAuth.CreateLine("a:b", "pw"));

        Assert.Contains("cannot contain ':'", error.Message, StringComparison.Ordinal);
    }
}
