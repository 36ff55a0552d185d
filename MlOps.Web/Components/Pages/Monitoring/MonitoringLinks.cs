namespace MlOps.Web.Components.Pages.Monitoring;

public static class MonitoringLinks
{
    public static string Model(string model) => $"monitoring/{Uri.EscapeDataString(model)}";
}
