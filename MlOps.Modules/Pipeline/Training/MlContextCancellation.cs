using System.Reflection;
using Microsoft.ML;

namespace MlOps.Modules.Pipeline.Training;

/// <summary>
/// ML.NET stops a running fit when its context is cancelled, but exposes that only through an internal
/// interface (ICancelable). Reaching it by reflection is what lets a pipeline run stop within seconds
/// instead of finishing a long trial nobody wants.
/// </summary>
internal static class MlContextCancellation
{
    private static readonly MethodInfo? CancelExecution = typeof(MLContext)
        .GetInterfaces()
        .FirstOrDefault(i => i.FullName == "Microsoft.ML.Runtime.ICancelable")
        ?.GetMethod("CancelExecution");

    public static CancellationTokenRegistration CancelWith(this MLContext ml, CancellationToken cancellationToken) =>
        cancellationToken.Register(() => CancelExecution?.Invoke(ml, null));
}
