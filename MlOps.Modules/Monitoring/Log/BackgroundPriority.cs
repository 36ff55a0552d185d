using System.Runtime.InteropServices;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// Lowers the calling thread's scheduling priority (Linux <c>nice</c>), so the prediction log's bulk writes yield the
/// CPU to requests: written in bursts, they otherwise lengthen the slowest predictions. .NET's thread priority is
/// not applied on Linux, hence the call to libc; elsewhere nothing changes.
/// </summary>
internal static class BackgroundPriority
{
    /// <summary>A nice of 5 leaves the writer about a quarter of a contended core: enough to keep up with full load.</summary>
    public const int Niceness = 5;

    private const int ProcessScope = 0;

    public static void LowerCurrentThread()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // With PRIO_PROCESS, Linux applies setpriority to the one thread whose id is given.
            _ = SetPriority(ProcessScope, GetThreadId(), Niceness);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
