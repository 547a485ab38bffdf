namespace NodeStack.Tests.Fixtures;

public class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("up", "up")]
    [InlineData("rate(bitcoin_total_bytes_recv{instance=~\".*\"}[1m])", "bitcoin_total_bytes_recv")]
    [InlineData("sum by (instance, method) (rate(bitcoin_exporter_rpc_errors_total[5m])) / sum by (instance) (rate(bitcoin_exporter_rpc_requests_total[5m]))", "bitcoin_exporter_rpc_errors_total,bitcoin_exporter_rpc_requests_total")]
    [InlineData("count(ALERTS{alertstate=\"firing\"}) or vector(0)", "ALERTS")]
    [InlineData("clamp_max(chain_head_block / (chain_head_header > 0), 1)", "chain_head_block,chain_head_header")]
    [InlineData("time() - bitcoin_exporter_last_success_timestamp_seconds offset 5m", "bitcoin_exporter_last_success_timestamp_seconds")]
    [InlineData("rpc_duration_all{quantile=\"0.95\"} and on (job, instance) up == 1", "rpc_duration_all,up")]
    public void Finds_the_metric_names_an_expression_selects(string promql, string expected)
    {
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), PromQlMetricNames.In(promql).Order(StringComparer.Ordinal));
    }
}
