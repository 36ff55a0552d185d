namespace MlOps.Modules.Registry;

internal static class RegistryNames
{
    public const int MaxTextLength = 2000;
}
