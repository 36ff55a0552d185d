namespace MlOps.Modules.Platform.Contracts;

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public sealed record PageRequest(int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 500;

    /// <summary>Keeps <see cref="Skip"/> within an int at the largest page size.</summary>
    public const int MaxPage = 1_000_000;

    public int Skip => (Page - 1) * PageSize;
}
