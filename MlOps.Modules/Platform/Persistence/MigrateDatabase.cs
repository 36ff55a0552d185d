using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Persistence;

internal sealed class MigrateDatabase<TContext>(IServiceScopeFactory scopes) : IModuleInitializer
    where TContext : DbContext
{
    public int Order => 0;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
