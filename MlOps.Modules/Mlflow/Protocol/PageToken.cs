using System.Globalization;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow.Protocol;

/// <summary>
/// MLflow pages with <c>max_results</c> and an opaque <c>page_token</c>; MlOps pages by number. The token is the next
/// page's number, and a page is never larger than <paramref name="largest"/>: the client follows tokens, so a smaller
/// page than asked for is still correct.
/// </summary>
internal static class PageToken
{
    public static bool TryRead(string? token, int? maxResults, int defaultSize, int largest, out PageRequest page, out string? problem)
    {
        page = new PageRequest();
        problem = null;
        if (maxResults is < 1)
        {
            problem = $"max_results must be a positive number; it was {maxResults}.";
            return false;
        }

        var number = 1;
        if (!string.IsNullOrEmpty(token) && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            problem = $"'{token}' is not a page_token this server issued.";
            return false;
        }

        page = new PageRequest(number, Math.Min(maxResults ?? defaultSize, largest));
        return true;
    }

    public static string? Next<T>(Paged<T> page) => Next(new PageRequest(page.Page, page.PageSize), page.Total);

    public static string? Next(PageRequest page, int total) =>
        (long)page.Page * page.PageSize < total ? (page.Page + 1).ToString(CultureInfo.InvariantCulture) : null;
}
