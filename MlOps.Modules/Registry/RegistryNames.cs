namespace MlOps.Modules.Registry;

internal static class RegistryNames
{
    public const int MaxTextLength = 2000;
    public const int MaxTagKeyLength = 250;
    public const int MaxTagValueLength = 5000;
    public const int MaxTags = 100;
}
