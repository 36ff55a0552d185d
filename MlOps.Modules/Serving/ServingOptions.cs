namespace MlOps.Modules.Serving;

internal sealed class ServingOptions
{
    public const string SectionName = "Serving";

    /// <summary>Model versions kept loaded; the least recently used goes first.</summary>
    public int MaxLoadedModels { get; set; } = 8;

    /// <summary>How long an alias other than a promoted one is trusted before it is looked up again.</summary>
    public int AliasRefreshSeconds { get; set; } = 10;

    public long MaxRequestBytes { get; set; } = 10 * 1024 * 1024;

    public long MaxCsvRequestBytes { get; set; } = 100 * 1024 * 1024;

    public int MaxRecordsPerRequest { get; set; } = 10_000;

    public long MaxImagePixels { get; set; } = 4_000_000;

    public RateLimitOptions RateLimit { get; set; } = new();

    public BatchOptions Batch { get; set; } = new();

    internal sealed class RateLimitOptions
    {
        /// <summary>Predictions per second per API key or user; 0 turns limiting off.</summary>
        public int PermitsPerSecond { get; set; }
    }

    internal sealed class BatchOptions
    {
        /// <summary>Batch jobs scored side by side; each one scores on every core.</summary>
        public int MaxConcurrentJobs { get; set; } = 1;
    }
}
