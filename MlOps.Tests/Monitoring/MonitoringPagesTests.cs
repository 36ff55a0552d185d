using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Alerts;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Platform.Contracts;
using MlOps.Tests.Registry;
using MlOps.Tests.Support;
using MlOps.Web.Components.Layout;
using MlOps.Web.Components.Pages;
using MlOps.Web.Components.Pages.Monitoring;
using MlOps.Web.Components.Shared;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

/// <summary>The monitoring pages, badge and dashboard panel over real logged predictions of the fixture's trained models.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class MonitoringPagesTests(MonitoringFixture fixture)
{
    private const string Species = MonitoringFixture.Species;
    private const string Mileage = MonitoringFixture.Mileage;
    private const string Analyst = "analyst@mlops.test";
    private const string Scientist = "ds@mlops.test";
    /// <summary>How long a page may take to load its data (and drift) on a loaded machine: bUnit waits one second by default.</summary>
    private static readonly TimeSpan PageLoad = TimeSpan.FromSeconds(30);
    private static readonly string[] PenguinInputs = ["Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"];

    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task The_monitoring_list_shows_each_production_model_with_its_health_and_analysts_cannot_acknowledge()
    {
        var start = DateTime.UtcNow;
        await PredictOkAsync(Admin, Species, "list-0", "", Adelie, Gentoo);
        await PredictOkAsync(Admin, Species, "list-1", "", Gentoo);
        Assert.Equal(HttpStatusCode.BadRequest, (await PredictAsync(Admin, Species, "list-bad", "", BadPenguin)).StatusCode);
        await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{Species}/summary?{Since(start)}", s => s.Requests == 3 && s.Rejected == 1);
        var alert = await RaiseAsync(new NewAlert(Species, 1, "drift", AlertSeverity.Warning, "Beak length drifted", "Beak Length (mm) p = 0.001"));
        var (day, verdict, open) = await HealthFromServicesAsync(Species);
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);

        var page = context.Render<MonitoringPage>();

        var row = page.WaitForElement($"[data-testid=health-{Species}]", PageLoad);
        Assert.Equal(MonitoringFormat.Count(day.Requests), Cell(row, "health-requests"));
        Assert.Equal(MonitoringFormat.Rate(day.ErrorRate), Cell(row, "health-error-rate"));
        Assert.Equal(MonitoringFormat.Milliseconds(day.LatencyMs.P95), Cell(row, "health-p95"));
        Assert.Equal(verdict.Drifted == true ? $"Drift ({verdict.DriftedColumns}/{verdict.Columns})" : "No drift", Cell(row, "drift-chip"));
        Assert.Equal($"{open} open", Cell(row, "health-alerts"));
        Assert.Equal($"monitoring/{Species}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains(row.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"models/{Species}");
        Assert.Empty(page.FindAll($"[data-testid=health-{Mileage}]"));
        var status = context.AppService<IMonitoringQueries>().GetLogStatus();
        Assert.Contains($"{MonitoringFormat.Count(status.Written)} written", page.Find("[data-testid=log-status]").TextContent);
        Assert.Contains("Nothing dropped.", page.Find("[data-testid=log-status]").TextContent);
        page.WaitForAssertion(() => Assert.Contains("Beak length drifted", page.Find("[data-testid=alerts-list]").TextContent), PageLoad);
        Assert.Empty(page.FindAll($"[data-testid=acknowledge-{alert.Id}]"));
        Assert.Empty(page.FindAll("[data-testid=check-alerts-now]"));
    }

    [Fact]
    public async Task A_data_scientist_runs_the_alert_checks_from_the_list()
    {
        const string Checker = "checker@mlops.test";
        await using var context = new ComponentTestContext(fixture.Factory, Roles.DataScientist, Checker);
        var page = context.Render<MonitoringPage>();

        await page.WaitForElement("[data-testid=check-alerts-now]", PageLoad).ClickAsync(new());

        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=check-alerts-now]").HasAttribute("disabled")), PageLoad);
        var audit = await context.AppService<IAuditLog>().QueryAsync(new AuditQuery(Actor: Checker), new PageRequest(1, 10), default);
        Assert.Equal("monitoring-alerts.evaluated", Assert.Single(audit.Items).Action);
    }

    [Fact]
    public async Task A_data_scientist_acknowledges_an_alert_and_sees_who_did_when_showing_all()
    {
        var alert = await RaiseAsync(new NewAlert(Species, 1, "error-rate", AlertSeverity.Critical, "Errors above 5%"));
        await using var context = new ComponentTestContext(fixture.Factory, Roles.DataScientist, Scientist);
        var page = context.Render<MonitoringPage>();

        await page.WaitForElement($"[data-testid=acknowledge-{alert.Id}]", PageLoad).ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=alert-{alert.Id}]")), PageLoad);
        var stored = await context.AppService<IMonitoringAlerts>().ListAsync(new AlertQuery(Species, Acknowledged: true), new PageRequest(1, 100), default);
        Assert.Equal(Scientist, stored.Items.Single(a => a.Id == alert.Id).AcknowledgedBy);

        await page.FindAll("[data-testid=alerts-filter] button").Single(b => b.TextContent.Contains("All", StringComparison.Ordinal)).ClickAsync(new());

        page.WaitForAssertion(() => Assert.StartsWith($"by {Scientist} at ", page.Find($"[data-testid=acknowledged-{alert.Id}]").TextContent.Trim()), PageLoad);
    }

    [Fact]
    public async Task The_model_page_charts_logged_traffic_and_feedback_and_expands_a_drift_row_into_its_histogram()
    {
        var start = DateTime.UtcNow;
        for (var i = 0; i < 5; i++) await PredictOkAsync(Admin, Species, $"page-{i}", "", Adelie, Gentoo);
        await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{Species}/summary?{Since(start)}", s => s.Records == 10);
        await SendFeedbackAsync(Species, new { requestId = "page-0", index = 1, actual = "Gentoo" });
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);

        var page = context.Render<ModelMonitoringPage>(p => p.Add(m => m.Model, Species));

        page.WaitForElement("[data-testid=drift-table]", PageLoad);
        foreach (var chart in new[] { "requests-chart", "latency-chart", "predicted-classes-chart", "performance-chart" })
            Assert.NotNull(page.Find($"[data-testid={chart}] svg"));
        var classes = page.Find("[data-testid=predicted-classes-chart]").TextContent;
        Assert.Contains("Adelie", classes);
        Assert.Contains("Gentoo", classes);
        Assert.Contains("accuracy", page.Find("[data-testid=performance-v1]").TextContent);
        Assert.Equal(PenguinInputs, page.FindAll("[data-testid=drift-table] tr[data-testid^=drift-row-]").Select(r => r.GetAttribute("data-testid")!["drift-row-".Length..]));
        Assert.NotNull(page.Find("[data-testid=prediction-drift] [data-testid=drift-row-Species]"));
        Assert.Matches("^(No dataset drift|Dataset drift)$", page.Find("[data-testid=dataset-drift]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=drift-histogram-Island]"));

        await page.Find("[data-testid=drift-expand-Island]").ClickAsync(new());

        var histogram = page.WaitForElement("[data-testid=drift-histogram-Island]", PageLoad);
        Assert.NotNull(histogram.QuerySelector("svg"));
        Assert.Contains("Torgersen", histogram.TextContent);
        page.WaitForAssertion(() => Assert.Contains("page-4", page.Find("[data-testid=recent-predictions]").TextContent), PageLoad);
    }

    [Fact]
    public async Task A_regression_model_page_shows_the_mean_predicted_value_and_its_error_from_feedback()
    {
        var start = DateTime.UtcNow;
        for (var i = 0; i < 3; i++)
            await PredictOkAsync(Admin, Mileage, $"mpg-page-{i}", "?version=1", new Dictionary<string, object?>(Car) { ["Horsepower"] = 80 + 20 * i });
        await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{Mileage}/summary?{Since(start)}", s => s.Records == 3);
        await SendFeedbackAsync(Mileage, new { requestId = "mpg-page-0", actual = 30.5 });
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);

        var page = context.Render<ModelMonitoringPage>(p => p.Add(m => m.Model, Mileage));

        page.WaitForElement("[data-testid=drift-table]", PageLoad);
        Assert.NotNull(page.Find("[data-testid=mean-value-chart] svg"));
        Assert.Empty(page.FindAll("[data-testid=predicted-classes-chart]"));
        Assert.Contains("MAE", page.Find("[data-testid=performance-v1]").TextContent);
        Assert.Contains("Data drift of v1", page.Markup);
    }

    [Fact]
    public async Task A_model_without_traffic_says_so_and_explains_why_drift_cannot_be_computed()
    {
        var name = $"quiet-{Guid.NewGuid():N}"[..14];
        Assert.True((await IrisModel.RegisterAsync(fixture.Factory.Services, name)).Succeeded);
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);

        var page = context.Render<ModelMonitoringPage>(p => p.Add(m => m.Model, name));

        var empty = page.WaitForElement("[data-testid=no-traffic]", PageLoad);
        Assert.Contains("last 24 hours", empty.TextContent);
        Assert.Equal("predict", empty.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=requests-chart]"));
        page.WaitForAssertion(() => Assert.Contains("iris version 1, is no longer stored", page.Find("[data-testid=drift-problem]").TextContent), PageLoad);

        await page.FindAll("[data-testid=range] button").Single(b => b.TextContent.Contains("last 7 days", StringComparison.Ordinal)).ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("last 7 days", page.Find("[data-testid=no-traffic]").TextContent), PageLoad);
    }

    [Fact]
    public async Task A_model_with_traffic_but_no_feedback_explains_how_to_send_it()
    {
        var name = $"unlabelled-{Guid.NewGuid():N}"[..18];
        Assert.True((await IrisModel.RegisterAsync(fixture.Factory.Services, name)).Succeeded);
        fixture.Factory.Services.GetRequiredService<PredictionLogSink>().Handle(LogEvents.Prediction(name, 0));
        await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{name}/summary", s => s.Records == 1);
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);

        var page = context.Render<ModelMonitoringPage>(p => p.Add(m => m.Model, name));

        var advice = page.WaitForElement("[data-testid=no-feedback]", PageLoad).TextContent;
        Assert.Contains($"POST /api/v1/monitoring/models/{name}/feedback", advice);
        Assert.Contains("\"requestId\"", advice);
        Assert.NotNull(page.Find("[data-testid=predicted-classes-chart] svg"));
        page.WaitForAssertion(() => Assert.Contains("request-0", page.Find("[data-testid=recent-predictions]").TextContent), PageLoad);
    }

    [Fact]
    public async Task An_unknown_model_says_there_is_none()
    {
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);

        var page = context.Render<ModelMonitoringPage>(p => p.Add(m => m.Model, "no-such-model"));

        page.WaitForAssertion(() => Assert.Equal("There is no model named 'no-such-model'.", page.Find("[data-testid=model-missing]").TextContent.Trim()), PageLoad);
    }

    [Fact]
    public async Task The_alerts_badge_counts_open_alerts_links_to_monitoring_and_follows_acknowledgements()
    {
        await RaiseAsync(new NewAlert(Species, 1, "drift", AlertSeverity.Warning, "Flipper length drifted"));
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);
        var open = await context.AppService<IMonitoringAlerts>().CountUnacknowledgedAsync(default);

        var badge = context.Render<MonitoringAlertsBadge>();

        badge.WaitForAssertion(() => Assert.Equal(Count(open), badge.Find("[data-testid=monitoring-alerts-badge] .mud-badge").TextContent.Trim()), PageLoad);
        Assert.Equal("monitoring", badge.Find("a").GetAttribute("href"));

        var newest = (await context.AppService<IMonitoringAlerts>().ListAsync(new AlertQuery(Acknowledged: false), new PageRequest(1, 1), default)).Items[0];
        await context.AppService<IMonitoringAlerts>().AcknowledgeAsync(newest.Id, Scientist, default);
        await badge.InvokeAsync(() => context.Services.GetRequiredService<MonitoringAlertsSignal>().RaiseAsync());

        badge.WaitForAssertion(() => Assert.Equal(Count(open - 1), badge.Find("[data-testid=monitoring-alerts-badge] .mud-badge").TextContent.Trim()), PageLoad);
    }

    [Fact]
    public async Task The_dashboard_shows_production_models_with_their_health_linking_to_their_monitoring_pages()
    {
        var start = DateTime.UtcNow;
        await PredictOkAsync(Admin, Species, "dashboard-0", "", Gentoo);
        await WaitForAsync<MonitoringSummary>(Admin, $"/api/v1/monitoring/models/{Species}/summary?{Since(start)}", s => s.Requests == 1);
        var (day, _, open) = await HealthFromServicesAsync(Species);
        await using var context = new ComponentTestContext(fixture.Factory, Roles.Analyst, Analyst);

        var page = context.Render<Home>();

        var row = page.WaitForElement($"[data-testid=dashboard-production] [data-testid=health-{Species}]", PageLoad);
        Assert.Equal(MonitoringFormat.Count(day.Requests), Cell(row, "health-requests"));
        Assert.Equal(open > 0 ? $"{open} open" : "none", Cell(row, "health-alerts"));
        Assert.NotNull(row.QuerySelector("[data-testid=drift-chip]"));
        Assert.Null(row.QuerySelector("[data-testid=health-p95]"));
        Assert.Equal($"monitoring/{Species}", row.QuerySelector("a")!.GetAttribute("href"));
    }

    private static string Cell(AngleSharp.Dom.IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the services say about the last 24 hours, to compare with what the page shows.</summary>
    private async Task<(MonitoringSummary Day, DriftVerdict Drift, int Open)> HealthFromServicesAsync(string model)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var window = new TimeWindow(DateTime.UtcNow.AddDays(-1), DateTime.UtcNow);
        var day = (await scope.ServiceProvider.GetRequiredService<IMonitoringQueries>().GetSummaryAsync(model, window, default))!;
        var drift = DriftVerdict.Of(await scope.ServiceProvider.GetRequiredService<IDriftMonitor>().GetDriftAsync(model, null, window, default));
        var open = await scope.ServiceProvider.GetRequiredService<IMonitoringAlerts>().ListAsync(new AlertQuery(model, false), new PageRequest(1, 1), default);
        return (day, drift, open.Total);
    }

    private async Task SendFeedbackAsync(string model, object feedback)
    {
        var response = await Admin.PostAsJsonAsync($"/api/v1/monitoring/models/{model}/feedback", feedback);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<MonitoringAlert> RaiseAsync(NewAlert alert)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AlertStore>().RecordAsync(alert, default);
    }
}
