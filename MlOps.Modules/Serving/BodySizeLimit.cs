using Microsoft.AspNetCore.Http.Metadata;

namespace MlOps.Modules.Serving;

/// <summary>A per-endpoint request body limit that Kestrel enforces while reading.</summary>
internal sealed class BodySizeLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => bytes;
}
