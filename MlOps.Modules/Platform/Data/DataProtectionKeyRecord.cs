namespace MlOps.Modules.Platform.Data;

internal sealed class DataProtectionKeyRecord
{
    public int Id { get; init; }
    public required string FriendlyName { get; init; }
    public required string Xml { get; init; }
}
