using System.Reflection;
using Microsoft.ML;

namespace MlOps.Modules.Pipeline.Training;

/// <summary>
/// ML.NET stops a running fit when its context is cancelled, but keeps <c>MLContext.CancelExecution</c>
/// internal. Reaching it by reflection is what lets a pipeline run stop within seconds instead of
/// finishing a long trial nobody wants; a test pins that it still works after a package update.
/// </summary>
internal static class MlContextCancellation
{
    private static readonly MethodInfo? CancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);

    public static bool IsSupported => CancelExecution is not null;

    public static CancellationTokenRegistration CancelWith(this MLContext ml, CancellationToken cancellationToken) =>
        cancellationToken.Register(() => CancelExecution?.Invoke(ml, null));
}
