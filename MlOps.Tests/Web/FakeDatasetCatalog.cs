using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Tests.Web;

/// <summary>A catalog holding one tabular and one image dataset, each with a single version, for component tests.</summary>
internal sealed class FakeDatasetCatalog(bool empty = false) : IDatasetCatalog
{
    private static readonly DateTime Uploaded = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    public static readonly DatasetVersionInfo Flowers = new("flowers", 1, DatasetKind.Tabular, new string('a', 64), 6,
        [new("petal_length", ColumnType.Numeric, 1, 5), new("species", ColumnType.Categorical, 0, 2), new("note", ColumnType.Text, 0, 6)],
        null, "flowers.csv", 120, "A tiny table", Uploaded, "someone@mlops.test");

    public static readonly DatasetVersionInfo Digits = new("digits", 1, DatasetKind.Image, new string('b', 64), 4,
        [new("Image", ColumnType.Image, 0, 4), new("Label", ColumnType.Categorical, 0, 2)],
        new Dictionary<string, int> { ["0"] = 2, ["1"] = 2 }, "digits.zip", 900, null, Uploaded, "someone@mlops.test");

    private readonly Dictionary<string, DatasetVersionInfo> _versions = empty ? [] : new() { [Flowers.Name] = Flowers, [Digits.Name] = Digits };

    public Task<Paged<DatasetSummary>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        Task.FromResult(new Paged<DatasetSummary>(
            _versions.Values.Select(v => new DatasetSummary(v.Name, v.Description, v.Kind, v.Version, 1, v.CreatedAt)).ToList(), page.Page, page.PageSize, _versions.Count));

    public Task<DatasetDetails?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.TryGetValue(name, out var v) ? new DatasetDetails(v.Name, v.Description, v.Kind, v.CreatedAt, v.CreatedBy, [v]) : null);

    public Task<DatasetVersionInfo?> GetVersionAsync(string name, int? version, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.GetValueOrDefault(name));

    public Task<ReferenceStatistics?> GetReferenceStatisticsAsync(string name, int? version, CancellationToken cancellationToken) =>
        Task.FromResult<ReferenceStatistics?>(name switch
        {
            "flowers" => new ReferenceStatistics(name, 1, DatasetKind.Tabular, 6,
            [
                new ColumnStatistics("petal_length", ColumnType.Numeric, 6, 1, 5, 1.5, 6.5, 3.7, 2.1, new Histogram([1.5, 4.0, 6.5], [3, 2])),
                new ColumnStatistics("species", ColumnType.Categorical, 6, 0, 2, Frequencies: new Dictionary<string, int> { ["setosa"] = 4, ["virginica"] = 2 }),
                new ColumnStatistics("note", ColumnType.Text, 6, 0, 6),
            ], null),
            "digits" => new ReferenceStatistics(name, 1, DatasetKind.Image, 4,
            [
                new ColumnStatistics("Image", ColumnType.Image, 4, 0, 4),
                new ColumnStatistics("Label", ColumnType.Categorical, 4, 0, 2, Frequencies: Digits.Classes),
            ],
            new ImageStatistics(4, 28, 28, 28, 28, new Dictionary<string, int> { ["28x28"] = 4 }, 0.13, 0.02,
                new Histogram([0, 0.5, 1], [4, 0]), Digits.Classes!)),
            _ => null,
        });

    public Task<ReferenceSample?> GetReferenceSampleAsync(string name, int? version, int maxRows, CancellationToken cancellationToken) =>
        Task.FromResult<ReferenceSample?>(null);

    public Task<DatasetPreview?> GetPreviewAsync(string name, int? version, int rows, CancellationToken cancellationToken) =>
        Task.FromResult<DatasetPreview?>(new DatasetPreview(["petal_length", "species", "note"],
        [
            new Dictionary<string, string?> { ["petal_length"] = "1.5", ["species"] = "setosa", ["note"] = "first" },
            new Dictionary<string, string?> { ["petal_length"] = null, ["species"] = "setosa", ["note"] = "second" },
        ]));

    public Task<Stream?> OpenFileAsync(string name, int? version, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetImageSamplesAsync(string name, int version, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(new Dictionary<string, IReadOnlyList<string>>
        {
            ["0"] = ["0/a.png", "0/b.png"],
            ["1"] = ["1/c d.png", "1/e.png"],
        });

    public Task<DatasetImage?> GetImageAsync(string name, int version, string entry, int maxSide, CancellationToken cancellationToken) =>
        Task.FromResult<DatasetImage?>(null);

    public DatasetUploadLimits GetUploadLimits() => new(1_000_000, 100, 10_000_000, 1_000_000);

    public Task<OperationResult<DatasetUploadResult>> UploadAsync(DatasetUpload upload, string actor, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Component tests do not upload.");

    public string? ImportedBy { get; private set; }

    public Task<IReadOnlyList<DatasetVersionInfo>> ImportSamplesAsync(string actor, CancellationToken cancellationToken)
    {
        ImportedBy = actor;
        _versions[Flowers.Name] = Flowers;
        return Task.FromResult<IReadOnlyList<DatasetVersionInfo>>([Flowers]);
    }
}
