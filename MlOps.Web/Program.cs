using System.Text.Json.Serialization;
using MlOps.Modules.Experiments;
using MlOps.Modules.Mlflow;
using MlOps.Modules.Monitoring;
using MlOps.Modules.Pipeline;
using MlOps.Modules.Platform;
using MlOps.Modules.Registry;
using MlOps.Modules.Serving;
using MlOps.Web;
using MlOps.Web.Components;
using MlOps.Web.Components.Shared;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<PromotionQueueSignal>();
builder.Services.AddScoped<MonitoringAlertsSignal>();
builder.Services.AddOpenApi(options => options.DeclareCredentials());
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddPlatformModule(builder.Configuration);
builder.Services.AddExperimentsModule(builder.Configuration);
builder.Services.AddRegistryModule(builder.Configuration);
builder.Services.AddPipelineModule(builder.Configuration);
builder.Services.AddServingModule(builder.Configuration);
builder.Services.AddMonitoringModule(builder.Configuration);
builder.Services.AddMlflowModule();

var app = builder.Build();

app.UseRequestId();
app.UseUploadBuffering();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseCookieWriteIntent();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/docs", options => options.ServedLocally()).AllowAnonymous();
var api = app.MapGroup("/api/v1");
app.MapPlatformEndpoints(api);
app.MapExperimentsEndpoints(api);
api.MapRegistryEndpoints();
app.MapPipelineEndpoints(api);
app.MapServingEndpoints(api);
app.MapMonitoringEndpoints(api);
app.MapMlflowEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.Services.InitializeModulesAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
