using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Modules.Platform.Contracts;

public static class ValidationFilter
{
    /// <summary>Validates the endpoint's <typeparamref name="T"/> argument with its FluentValidation validator; failures are 400 ValidationProblems.</summary>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder) where T : class =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var argument = context.Arguments.OfType<T>().FirstOrDefault();
            if (argument is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A request body is required.",
                    detail: $"Send a JSON body describing the {typeof(T).Name.Replace("Request", string.Empty, StringComparison.Ordinal)}.");
            }

            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
            return result.IsValid ? await next(context) : TypedResults.ValidationProblem(result.ToDictionary());
        }).ProducesValidationProblem();
}
