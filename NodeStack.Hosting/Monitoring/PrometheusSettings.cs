namespace NodeStack.Hosting.Monitoring;

/// <summary>How often Prometheus scrapes and evaluates rules, and how long it keeps data.</summary>
internal sealed record PrometheusSettings
{
    /// <summary>The shortest scrape and evaluation interval NodeStack accepts.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest scrape and evaluation interval NodeStack accepts (Prometheus marks series stale after 5 minutes).</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromMinutes(5);

    /// <summary>The shortest retention NodeStack accepts (Prometheus' own minimum block range).</summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(2);

    /// <summary>The longest retention NodeStack accepts.</summary>
    public static readonly TimeSpan MaximumRetention = TimeSpan.FromDays(3650);

    /// <summary>How often every target is scraped. Default 15 seconds.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often alert rules are evaluated. Default 15 seconds.</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long samples are kept (<c>--storage.tsdb.retention.time</c>). Default 15 days.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(15);

    /// <summary>Fails with the setting's name and the allowed range when a value cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public PrometheusSettings Validated()
    {
        Require(ScrapeInterval, nameof(ScrapeInterval), MinimumInterval, MaximumInterval);
        Require(EvaluationInterval, nameof(EvaluationInterval), MinimumInterval, MaximumInterval);
        Require(Retention, nameof(Retention), MinimumRetention, MaximumRetention);
        return this;
    }

    private static void Require(TimeSpan value, string name, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(
                name, value, $"Prometheus {name} must be a whole number of milliseconds from {min} to {max}.");
        }
    }
}
