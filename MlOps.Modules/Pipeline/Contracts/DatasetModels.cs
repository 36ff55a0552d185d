namespace MlOps.Modules.Pipeline.Contracts;

public enum DatasetKind
{
    Tabular,
    Image,
}

public enum ColumnType
{
    Numeric,
    Categorical,
    Boolean,
    Date,
    Text,
    Image,
}

public sealed record DatasetColumn(string Name, ColumnType Type, int Missing, int Distinct);

/// <summary>One immutable version of a dataset, identified by the SHA-256 of its bytes.</summary>
public sealed record DatasetVersionInfo(
    string Name,
    int Version,
    DatasetKind Kind,
    string ContentHash,
    int RowCount,
    IReadOnlyList<DatasetColumn> Columns,
    IReadOnlyDictionary<string, int>? Classes,
    string FileName,
    long SizeBytes,
    string? Description,
    DateTime CreatedAt,
    string CreatedBy);

public sealed record DatasetSummary(string Name, string? Description, DatasetKind Kind, int LatestVersion, int VersionCount, DateTime UpdatedAt);

public sealed record DatasetDetails(string Name, string? Description, DatasetKind Kind, DateTime CreatedAt, string CreatedBy, IReadOnlyList<DatasetVersionInfo> Versions);

/// <summary>The first rows of a version; image datasets list the archive entry and its label.</summary>
public sealed record DatasetPreview(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows);

public sealed record DatasetUpload(string Name, string? Description, string FileName, Stream Content);

/// <summary><see cref="Created"/> is false when the same bytes were already a version of the dataset.</summary>
public sealed record DatasetUploadResult(DatasetVersionInfo Version, bool Created);

public sealed record DatasetImage(byte[] Content, string ContentType);

public sealed record DatasetUploadLimits(long MaxUploadBytes, int MaxArchiveEntries, long MaxUncompressedBytes, long MaxImagePixels);
