using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;
using MudBlazor;
using MudBlazor.Services;

namespace MlOps.Tests.Support;

/// <summary>A bUnit context wired to the real module services of a running test app, signed in with one role.</summary>
public sealed class ComponentTestContext : BunitContext
{
    private readonly IServiceScope _scope;
    private readonly List<IServiceScope> _ownScopes = [];

    // Components load from the real modules: on a machine busy with other suites a second (bUnit's default) is too short.
    static ComponentTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    public ComponentTestContext(MlOpsFactory app, string role, string name = MlOpsFactory.AdminEmail)
    {
        _scope = app.Services.CreateScope();
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddScoped<MlOps.Web.Components.Shared.PromotionQueueSignal>();
        Services.AddScoped<MlOps.Web.Components.Shared.MonitoringAlertsSignal>();
        foreach (var contract in new[] { typeof(IUserAdministration), typeof(IApiKeys), typeof(IAuditLog), typeof(IModelRegistry), typeof(IPipelineService), typeof(IDatasetCatalog), typeof(IBatchJobs), typeof(IBatchDefinitions), typeof(IExperimentCatalog), typeof(TimeProvider) })
            Services.AddSingleton(contract, _scope.ServiceProvider.GetRequiredService(contract));
        // Monitoring's services share one DbContext per scope, so the app gives each monitoring component a scope of its own; so does this.
        foreach (var contract in new[] { typeof(IMonitoringQueries), typeof(IDriftMonitor), typeof(IMonitoringAlerts), typeof(IAlertChecks) })
            Services.AddTransient(contract, _ => OwnScope().ServiceProvider.GetRequiredService(contract));
        var authorization = AddAuthorization();
        authorization.SetAuthorized(name);
        authorization.SetRoles(role);
        authorization.SetPolicies(PoliciesOf(role));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The policies the app grants the role, as <c>IdentitySetup</c> defines them.</summary>
    private static string[] PoliciesOf(string role) => role switch
    {
        Roles.Admin => [Policies.Read, Policies.Predict, Policies.Write, Policies.RequestPromotion, Policies.ApprovePromotion, Policies.Administer],
        Roles.DataScientist => [Policies.Read, Policies.Predict, Policies.Write, Policies.RequestPromotion],
        _ => [Policies.Read, Policies.Predict],
    };

    /// <summary>Resolves a module contract from the app, for tests that check what a component changed.</summary>
    public T AppService<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    private IServiceScope OwnScope()
    {
        var scope = _scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>().CreateScope();
        lock (_ownScopes) _ownScopes.Add(scope);
        return scope;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_ownScopes) _ownScopes.ForEach(scope => scope.Dispose());
            _scope.Dispose();
        }

        base.Dispose(disposing);
    }
}
