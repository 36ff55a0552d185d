namespace MlOps.Modules.Platform.Contracts;

/// <summary>Work a module does once at start, before the host serves requests: migrations, seeding, recovery.</summary>
public interface IModuleInitializer
{
    int Order { get; }

    Task InitializeAsync(CancellationToken cancellationToken);
}
