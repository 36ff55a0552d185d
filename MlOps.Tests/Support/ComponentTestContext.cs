using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
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

    public ComponentTestContext(MlOpsFactory app, string role, string name = MlOpsFactory.AdminEmail)
    {
        _scope = app.Services.CreateScope();
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddScoped<MlOps.Web.Components.Shared.PromotionQueueSignal>();
        foreach (var contract in new[] { typeof(IUserAdministration), typeof(IApiKeys), typeof(IAuditLog), typeof(IModelRegistry), typeof(IPipelineService), typeof(IDatasetCatalog), typeof(IBatchJobs), typeof(IBatchDefinitions), typeof(TimeProvider) })
            Services.AddSingleton(contract, _scope.ServiceProvider.GetRequiredService(contract));
        var authorization = AddAuthorization();
        authorization.SetAuthorized(name);
        authorization.SetRoles(role);
        authorization.SetPolicies(PoliciesOf(role));
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

    protected override void Dispose(bool disposing)
    {
        if (disposing) _scope.Dispose();
        base.Dispose(disposing);
    }
}
