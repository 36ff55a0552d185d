namespace MlOps.Web.Components.Shared;

/// <summary>How every page shows a value that is absent (a run without that metric, a record without that input).</summary>
public static class Missing
{
    public const string Text = "missing";
}
