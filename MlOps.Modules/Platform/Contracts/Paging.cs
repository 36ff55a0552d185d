using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>Reads API.md's <c>?page=&amp;pageSize=</c> query convention.</summary>
public static class Paging
{
    public static PageRequest From(int? page, int? pageSize) => new(page ?? 1, pageSize ?? 50);

    public static ValidationProblem? Validate(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > PageRequest.MaxPage) errors["page"] = [$"page is between 1 and {PageRequest.MaxPage:D}."];
        if (pageSize is < 1 or > PageRequest.MaxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {PageRequest.MaxPageSize}."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
