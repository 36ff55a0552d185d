using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Support;

namespace MlOps.Tests.Registry;

/// <summary>The app with a listener that records every <see cref="ModelPromoted"/>, plus helpers to register real models.</summary>
public sealed class RegistryFactory : MlOpsFactory
{
    public ConcurrentQueue<ModelPromoted> Promoted { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IModelPromotionListener, FailingListener>();
            services.AddSingleton<IModelPromotionListener>(new RecordingListener(Promoted));
        });
    }

    public Task<OperationResult<ModelVersionDetails>> RegisterAsync(string name, double accuracy = 0.9, Stream? artifact = null) =>
        IrisModel.RegisterAsync(Services, name, accuracy, artifact);

    public async Task<T> WithRegistryAsync<T>(Func<IModelRegistry, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<IModelRegistry>());
    }

    /// <summary>Fails for models named <c>fragile-*</c>, like a Serving module that cannot load the new version.</summary>
    private sealed class FailingListener : IModelPromotionListener
    {
        public Task OnModelPromotedAsync(ModelPromoted promotedModel, CancellationToken cancellationToken) =>
            promotedModel.Name.StartsWith("fragile-", StringComparison.Ordinal)
                ? throw new InvalidOperationException("The listener could not handle the promotion.")
                : Task.CompletedTask;
    }

    private sealed class RecordingListener(ConcurrentQueue<ModelPromoted> promoted) : IModelPromotionListener
    {
        public Task OnModelPromotedAsync(ModelPromoted promotedModel, CancellationToken cancellationToken)
        {
            promoted.Enqueue(promotedModel);
            return Task.CompletedTask;
        }
    }
}
