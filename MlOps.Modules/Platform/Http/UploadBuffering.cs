using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Http;

/// <summary>
/// Buffers multipart bodies under the data directory's work folder instead of the system temp folder, where the
/// framework's form reader would put each uploaded file. The form reader finds a seekable body and makes no buffer of
/// its own. The buffer file goes when the request ends, whether the upload completed, was refused or was cut; one
/// left by a killed process goes with the start-up sweep of the work folder (<see cref="Artifacts.UnfinishedWriteSweep"/>).
/// Nothing is read here: the body is read as the endpoint reads it, within the request's size limits.
/// </summary>
internal sealed class UploadBuffering(RequestDelegate next, IOptions<MlOpsOptions> options)
{
    /// <summary>Bodies up to this size stay in memory, as the framework's form reader keeps them.</summary>
    private const int MemoryThreshold = 64 * 1024;

    private readonly string _directory = DirectoryOf(options.Value);

    public static string DirectoryOf(MlOpsOptions options) => Path.Combine(options.WorkDirectory, "uploads");

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType || !context.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            return next(context);
        Directory.CreateDirectory(_directory); // made at start; again in case it was removed since
        var buffered = new FileBufferingReadStream(context.Request.Body, MemoryThreshold, bufferLimit: null, _directory);
        context.Request.Body = buffered;
        context.Response.RegisterForDisposeAsync(buffered);
        return next(context);
    }
}
