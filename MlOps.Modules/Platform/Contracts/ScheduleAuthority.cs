using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>Schedules are an Admin capability, whichever route or definition carries them: each fire queues work under no one's eyes.</summary>
public static class ScheduleAuthority
{
    /// <summary>A 403 when <paramref name="user"/> is not an Admin yet the request sets a schedule; <paramref name="instead"/> says how to proceed.</summary>
    public static IResult? Refuse(bool setsSchedule, ClaimsPrincipal user, string instead) =>
        setsSchedule && !user.IsInRole(Roles.Admin)
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: $"Only Admins manage schedules: {instead}")
            : null;
}
