namespace MlOps.Modules.Monitoring;

internal sealed class MonitoringOptions
{
    public const string SectionName = "Monitoring";

    /// <summary>Logged predictions, failures and their feedback older than this are deleted.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often the retention job runs (it also runs once at start).</summary>
    public int RetentionIntervalMinutes { get; set; } = 60;

    /// <summary>Rows deleted per transaction, so the prediction writer never waits long for the database.</summary>
    public int RetentionChunkSize { get; set; } = 5000;

    /// <summary>Predictions waiting to be written; beyond it new ones are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 200_000;

    /// <summary>Most rows written in one transaction.</summary>
    public int FlushBatchSize { get; set; } = 2000;

    /// <summary>How long the writer gathers a batch that is not full yet.</summary>
    public int FlushIntervalMilliseconds { get; set; } = 10;

    public MetricsOptions Metrics { get; set; } = new();

    public AlertsOptions Alerts { get; set; } = new();

    internal sealed class MetricsOptions
    {
        /// <summary>False: <c>/metrics</c> is anonymous, as scrapers expect; true: it needs a key with read access.</summary>
        public bool RequireAuthentication { get; set; }
    }

    internal sealed class AlertsOptions
    {
        /// <summary>How often production models are checked (the first check comes one interval after start).</summary>
        public int IntervalMinutes { get; set; } = 15;

        /// <summary>The checks look at the traffic of this many hours before each evaluation.</summary>
        public int WindowHours { get; set; } = 24;

        /// <summary>Drift is judged only when the production version logged at least this many records in the window.</summary>
        public int MinimumRows { get; set; } = 50;

        /// <summary>An error-rate alert is raised when a larger share of the window's requests failed, out of at least <see cref="MinimumRequests"/>.</summary>
        public double ErrorRateThreshold { get; set; } = 0.05;

        /// <summary>Fewer requests than this say too little about the error rate to alert on.</summary>
        public int MinimumRequests { get; set; } = 20;
    }
}
