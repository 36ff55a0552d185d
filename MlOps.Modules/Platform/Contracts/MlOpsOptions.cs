namespace MlOps.Modules.Platform.Contracts;

public sealed class MlOpsOptions
{
    public const string SectionName = "MlOps";

    /// <summary>Where the SQLite file, artifacts and keys live; relative paths are under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string DatabaseFileName { get; set; } = "mlops.db";

    /// <summary><c>MlOps:Database:Provider</c>: Sqlite (the file above) or PostgreSQL (<c>ConnectionStrings:MlOps</c>).</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>
    /// <c>MlOps:Instance</c>: this replica's name, shown as the <c>instance</c> of the runs and jobs it runs and used to
    /// tell its heartbeat from the others'. Unique per replica; empty means the machine name and the process id.
    /// </summary>
    public string? Instance { get; set; }

    /// <summary><c>MlOps:Cluster</c>: how replicas on one database tell that one of them died.</summary>
    public ClusterOptions Cluster { get; set; } = new();

    public string InstanceName => string.IsNullOrWhiteSpace(Instance) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Instance.Trim();

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(FullDataDirectory, DatabaseFileName);

    /// <summary>
    /// Scratch space (upload buffers, a training run's extracted images, a predicted picture) under the data
    /// directory rather than the system's temp folder, so that the start-up sweep finds what a killed process left.
    /// </summary>
    public string WorkDirectory => Path.Combine(FullDataDirectory, "work");
}
