using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Artifacts.S3;

/// <summary>
/// The calls MlOps makes on its bucket, each turning a transport or service failure into an
/// <see cref="ArtifactStoreUnavailableException"/> that names the setting to check.
/// </summary>
internal sealed class S3Bucket(IAmazonS3 s3, IOptions<S3StoreOptions> options)
{
    private S3StoreOptions Options => options.Value;

    private string Name => Options.Bucket;

    public string Key(ArtifactPath path) => Options.Prefix.Length == 0 ? path.Value : $"{Options.Prefix.TrimEnd('/')}/{path.Value}";

    // s3rver and older MinIO/Ceph releases reject aws-chunked bodies, which the SDK sends by default.
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        CallAsync(token => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Name,
            Key = key,
            InputStream = AsStream(content),
            UseChunkEncoding = false,
        }, token), cancellationToken);

    public async Task<string> StartUploadAsync(string key, CancellationToken cancellationToken) =>
        (await CallAsync(token => s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Name, Key = key }, token), cancellationToken)).UploadId;

    public async Task<PartETag> UploadPartAsync(string key, string uploadId, int partNumber, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var response = await CallAsync(token => s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Name,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            PartSize = content.Length,
            InputStream = AsStream(content),
            UseChunkEncoding = false,
        }, token), cancellationToken);
        return new PartETag(partNumber, response.ETag);
    }

    public Task CompleteUploadAsync(string key, string uploadId, List<PartETag> parts, CancellationToken cancellationToken) =>
        CallAsync(token => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Name,
            Key = key,
            UploadId = uploadId,
            PartETags = parts,
        }, token), cancellationToken);

    public Task AbortUploadAsync(string key, string uploadId, CancellationToken cancellationToken) =>
        CallAsync(token => s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Name, Key = key, UploadId = uploadId }, token), cancellationToken);

    /// <summary>The object's content, or null when there is no object under <paramref name="key"/>.</summary>
    public async Task<GetObjectResponse?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(token => s3.GetObjectAsync(new GetObjectRequest { BucketName = Name, Key = key }, token), cancellationToken);
        }
        catch (ArtifactStoreUnavailableException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound, ErrorCode: "NoSuchKey" })
        {
            return null;
        }
    }

    public async IAsyncEnumerable<S3Object> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Name, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await CallAsync(token => s3.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var item in page.S3Objects ?? []) yield return item;
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        CallAsync(token => s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Name, Key = key }, token), cancellationToken);

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ArtifactStoreUnavailableException(Describe(e), e);
        }
    }

    private string Describe(Exception failure)
    {
        var where = $"The S3 artifact store ({Options.Describe()})";
        return failure switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } =>
                $"{where} has no such bucket. Create it, or fix MlOps:Artifacts:S3:Bucket.",
            AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden } e =>
                $"{where} refused access ({e.ErrorCode}). Check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or MlOps:Artifacts:S3:AccessKey and :SecretKey) and that they may read and write the bucket.",
            AmazonServiceException e =>
                $"{where} answered {(int)e.StatusCode} {e.ErrorCode}: {e.Message}",
            OperationCanceledException =>
                $"{where} did not answer within {Options.TimeoutSeconds} s (MlOps:Artifacts:S3:TimeoutSeconds). Check MlOps:Artifacts:S3:ServiceUrl and that the server is up.",
            _ =>
                $"{where} cannot be reached: {failure.GetBaseException().Message}. Check MlOps:Artifacts:S3:ServiceUrl and that the server is up.",
        };
    }
}
