using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Parameters;

/// <summary>
/// Generated secrets stay the same from run to run: Aspire stores what the first run generated in the AppHost's
/// user secrets and the next run reads it back. Each test uses a user secrets store of its own.
/// </summary>
public class PersistedParameterTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Second_run_reads_back_the_engine_api_jwt_secret_and_rpc_password_the_first_run_generated()
    {
        using var secrets = new TemporaryUserSecrets();

        var (firstJwt, firstPassword) = await GeneratedSecretsAsync(secrets);
        var (secondJwt, secondPassword) = await GeneratedSecretsAsync(secrets);

        Assert.Matches("^[0-9a-f]{64}$", firstJwt);
        Assert.Matches("^[A-Za-z0-9]{32,}$", firstPassword);
        Assert.Equal(firstJwt, secondJwt);
        Assert.Equal(firstPassword, secondPassword);
        Assert.Equal(firstJwt, secrets.Read("Parameters:geth-jwt-secret"));
        Assert.Equal(firstPassword, secrets.Read("Parameters:bitcoin-rpc-password"));
    }

    [Fact]
    public async Task Separate_user_secrets_stores_get_separate_secrets()
    {
        using var one = new TemporaryUserSecrets();
        using var other = new TemporaryUserSecrets();

        var first = await GeneratedSecretsAsync(one);
        var second = await GeneratedSecretsAsync(other);

        Assert.NotEqual(first.Jwt, second.Jwt);
        Assert.NotEqual(first.Password, second.Password);
    }

    // Builds the real AppHost on a public Ethereum network (where geth gets its JWT secret) and reads both generated secrets.
    private static async Task<(string? Jwt, string? Password)> GeneratedSecretsAsync(TemporaryUserSecrets secrets)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            [secrets.Argument, "--NodeStack:Ethereum:Network=sepolia"], Cancel);
        var geth = builder.Resources.OfType<GethResource>().Single();
        var bitcoin = builder.Resources.OfType<BitcoinCoreResource>().Single();
        return (await geth.JwtSecret!.GetValueAsync(Cancel), await bitcoin.RpcPassword.GetValueAsync(Cancel));
    }
}
