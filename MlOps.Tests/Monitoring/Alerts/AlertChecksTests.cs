using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Alerts;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Tests.Pipeline;
using Quartz;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring.Alerts;

/// <summary>
/// The alert checks over real traffic. Every test starts with a check of its own; the checks are idempotent while
/// alerts stay unacknowledged, so the tests hold in any order.
/// </summary>
public sealed class AlertChecksTests(AlertsFixture fixture) : IClassFixture<AlertsFixture>
{
    private const string EvaluateUrl = "/api/v1/monitoring/alerts/evaluate";

    [Fact]
    public async Task Shifted_inputs_raise_a_critical_drift_alert_naming_the_columns_and_calm_inputs_raise_none()
    {
        await EvaluateAsync();

        var drift = Assert.Single(await OpenAlertsAsync(AlertsFixture.Unattended), a => a.Kind == AlertKinds.Drift);
        Assert.Equal((1, AlertSeverity.Critical), (drift.Version, drift.Severity));
        Assert.Equal("3 of 5 inputs drifted: Beak Length (mm), Flipper Length (mm), Body Mass (g)", drift.Title);
        Assert.StartsWith("Compared 100 records logged for version 1 in the last 24 h with its training data, penguins version 1 (344 rows).", drift.Detail);
        Assert.Contains("Body Mass (g) (Kolmogorov–Smirnov, p = ", drift.Detail);
        Assert.Contains("No pipeline that registers this model retrains it on drift", drift.Detail);
        Assert.DoesNotContain(await OpenAlertsAsync(AlertsFixture.Calm), a => a.Kind is AlertKinds.Drift or AlertKinds.PredictionDrift);
    }

    [Fact]
    public async Task A_drift_alert_is_not_raised_again_while_unacknowledged_but_is_once_acknowledged_if_the_drift_goes_on()
    {
        await EvaluateAsync();
        var first = Assert.Single(await OpenAlertsAsync(AlertsFixture.Unattended), a => a.Kind == AlertKinds.Drift);

        var again = await EvaluateAsync();
        Assert.DoesNotContain(again, a => a.Model == AlertsFixture.Unattended);
        Assert.Equal(first.Id, Assert.Single(await OpenAlertsAsync(AlertsFixture.Unattended), a => a.Kind == AlertKinds.Drift).Id);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.PostAsync($"/api/v1/monitoring/alerts/{first.Id}/acknowledge", null)).StatusCode);
        var raised = Assert.Single(await EvaluateAsync(), a => a.Model == AlertsFixture.Unattended);

        Assert.NotEqual(first.Id, raised.Id);
        Assert.Equal(AlertKinds.Drift, raised.Kind);
        Assert.Equal(raised.Id, Assert.Single(await OpenAlertsAsync(AlertsFixture.Unattended), a => a.Kind == AlertKinds.Drift).Id);
    }

    [Fact]
    public async Task A_model_failing_its_requests_raises_a_critical_error_rate_alert_and_the_callers_mistakes_do_not()
    {
        await EvaluateAsync();

        var failing = Assert.Single(await OpenAlertsAsync(AlertsFixture.Calm), a => a.Kind == AlertKinds.ErrorRate);
        Assert.Equal((2, AlertSeverity.Critical), (failing.Version, failing.Severity));
        Assert.Equal("100 % of 20 requests failed in the last 24 h", failing.Title);
        Assert.StartsWith("20 of 20 predict requests to version 2 failed in the model", failing.Detail);
        Assert.DoesNotContain(await OpenAlertsAsync(AlertsFixture.Unattended), a => a.Kind == AlertKinds.ErrorRate);
    }

    [Fact]
    public async Task Drift_starts_a_run_of_the_pipeline_that_opted_in_whose_version_still_waits_for_promotion()
    {
        await EvaluateAsync();

        var drift = Assert.Single(await OpenAlertsAsync(AlertsFixture.Drifting), a => a.Kind == AlertKinds.Drift);
        var run = Assert.Single(await RunsAsync(AlertsFixture.Drifting), r => r.Trigger == "drift");
        Assert.Equal(AlertStore.SystemActor, run.RequestedBy);
        Assert.Contains($"Retraining started: run {run.Id} of pipeline '{AlertsFixture.Drifting}'", drift.Detail);
        Assert.DoesNotContain(await RunsAsync(AlertsFixture.Unattended), r => r.Trigger == "drift");

        var ended = await PipelineApi.WaitAsync(fixture.Admin, run.Id);
        Assert.Equal(new ModelVersionReference(AlertsFixture.Drifting, 2), ended.ModelVersion);
        Assert.Equal(1, (await GetAsync<ModelSummary>(fixture.Admin, $"/api/v1/models/{AlertsFixture.Drifting}")).ProductionVersion);
    }

    [Fact]
    public async Task A_version_without_training_data_is_skipped_and_the_other_models_are_still_checked()
    {
        await EvaluateAsync();

        Assert.Empty(await OpenAlertsAsync(AlertsFixture.Orphan));
        Assert.Contains(await OpenAlertsAsync(AlertsFixture.Unattended), a => a.Kind == AlertKinds.Drift);
    }

    [Fact]
    public async Task Checking_now_needs_write_access_and_is_audited()
    {
        using var anonymous = fixture.Factory.CreateClient();
        using var analyst = await fixture.Factory.CreateClientWithRoleAsync(Roles.Analyst);
        using var scientist = await fixture.Factory.CreateClientWithRoleAsync(Roles.DataScientist);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(EvaluateUrl, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync(EvaluateUrl, null)).StatusCode);
        var checkedNow = await scientist.PostAsync(EvaluateUrl, null);

        Assert.Equal(HttpStatusCode.OK, checkedNow.StatusCode);
        var audit = await GetAsync<Paged<AuditEntry>>(fixture.Admin, $"/api/v1/audit?entityType={AlertStore.EntityType}&entityId=all");
        Assert.Contains(audit.Items, e => e.Action == "monitoring-alerts.evaluated" && e.Actor.Contains(" (key DataScientist-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_checks_are_scheduled_at_start_every_configured_interval_the_first_one_interval_later()
    {
        var scheduler = await fixture.Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(AlertsJob.Key)));

        Assert.Equal(TimeSpan.FromMinutes(AlertsFixture.IntervalMinutes), trigger.RepeatInterval);
        Assert.Equal(-1, trigger.RepeatCount);
        var interval = TimeSpan.FromMinutes(AlertsFixture.IntervalMinutes);
        Assert.InRange(trigger.StartTimeUtc, fixture.StartedAt + interval, DateTimeOffset.UtcNow + interval);
    }

    private async Task<IReadOnlyList<MonitoringAlert>> EvaluateAsync()
    {
        var response = await fixture.Admin.PostAsync(EvaluateUrl, null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await DatasetApi.ReadAsync<List<MonitoringAlert>>(response);
    }

    private async Task<IReadOnlyList<MonitoringAlert>> OpenAlertsAsync(string model) =>
        (await GetAsync<Paged<MonitoringAlert>>(fixture.Admin, $"/api/v1/monitoring/alerts?model={model}&acknowledged=false")).Items;

    private async Task<IReadOnlyList<PipelineRunDetails>> RunsAsync(string pipeline) =>
        (await GetAsync<Paged<PipelineRunDetails>>(fixture.Admin, $"/api/v1/pipelines/{pipeline}/runs")).Items;
}
