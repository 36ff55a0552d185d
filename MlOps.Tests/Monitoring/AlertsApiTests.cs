using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Alerts;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

public sealed class AlertsApiTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    [Fact]
    public async Task Alerts_are_listed_newest_first_and_acknowledged_once_with_an_audit_entry()
    {
        var model = $"alerted-{Guid.NewGuid():N}";
        var drift = await RaiseAsync(new NewAlert(model, 2, "drift", AlertSeverity.Warning, "2 of 4 columns drifted", "Beak Length (mm), Body Mass (g)"));
        var errors = await RaiseAsync(new NewAlert(model, null, "error-rate", AlertSeverity.Critical, "12% of requests failed"));
        using var admin = factory.CreateAdminClient();
        using var scientist = await factory.CreateClientWithRoleAsync(Roles.DataScientist);

        var listed = await GetAsync<Paged<MonitoringAlert>>(admin, $"/api/v1/monitoring/alerts?model={model}");
        Assert.Equal([errors.Id, drift.Id], listed.Items.Select(a => a.Id));
        Assert.Equal((2, "drift", AlertSeverity.Warning, "Beak Length (mm), Body Mass (g)"), (listed.Items[1].Version, listed.Items[1].Kind, listed.Items[1].Severity, listed.Items[1].Detail));

        var unacknowledged = await CountUnacknowledgedAsync();
        var acknowledged = await scientist.PostAsync($"/api/v1/monitoring/alerts/{drift.Id}/acknowledge", null);
        var again = await admin.PostAsync($"/api/v1/monitoring/alerts/{drift.Id}/acknowledge", null);
        var unknown = await admin.PostAsync("/api/v1/monitoring/alerts/no-such-alert/acknowledge", null);

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var seen = await DatasetApi.ReadAsync<MonitoringAlert>(acknowledged);
        Assert.Contains(" (key DataScientist-", seen.AcknowledgedBy);
        Assert.NotNull(seen.AcknowledgedAt);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(seen.AcknowledgedBy!, (await DatasetApi.ReadProblemAsync(again)).Detail);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(unacknowledged - 1, await CountUnacknowledgedAsync());
        Assert.Equal([errors.Id], (await GetAsync<Paged<MonitoringAlert>>(admin, $"/api/v1/monitoring/alerts?model={model}&acknowledged=false")).Items.Select(a => a.Id));
        Assert.Equal([drift.Id], (await GetAsync<Paged<MonitoringAlert>>(admin, $"/api/v1/monitoring/alerts?model={model}&acknowledged=true")).Items.Select(a => a.Id));
        var audit = await GetAsync<Paged<AuditEntry>>(admin, $"/api/v1/audit?entityType=monitoring-alert&entityId={drift.Id}");
        Assert.Equal(["monitoring-alert.acknowledged", "monitoring-alert.raised"], audit.Items.Select(e => e.Action));
        Assert.Equal(seen.AcknowledgedBy, audit.Items[0].Actor);
    }

    [Fact]
    public async Task Reading_needs_read_feedback_needs_predict_and_acknowledging_needs_write()
    {
        var alert = await RaiseAsync(new NewAlert("roles-model", 1, "drift", AlertSeverity.Warning, "drifted"));
        using var analyst = await factory.CreateClientWithRoleAsync(Roles.Analyst);
        using var anonymous = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/monitoring/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/monitoring/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/v1/monitoring/models/roles-model/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsJsonAsync("/api/v1/monitoring/models/roles-model/feedback", new { requestId = "r", actual = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/api/v1/monitoring/alerts/{alert.Id}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/monitoring/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/monitoring/models/roles-model/feedback", new { requestId = "r", actual = "x" })).StatusCode);
    }

    [Fact]
    public async Task The_log_status_reports_the_queue()
    {
        using var admin = factory.CreateAdminClient();

        var status = await GetAsync<PredictionLogStatus>(admin, "/api/v1/monitoring/status");

        Assert.Equal(200_000, status.Capacity);
        Assert.Equal(status.Enqueued, status.Written + status.Failed + status.Depth);
    }

    private async Task<int> CountUnacknowledgedAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMonitoringAlerts>().CountUnacknowledgedAsync(default);
    }

    private async Task<MonitoringAlert> RaiseAsync(NewAlert alert)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AlertStore>().RecordAsync(alert, default);
    }
}
