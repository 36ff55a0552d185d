namespace MlOps.Tests.Support.Providers;

/// <summary>A test class or test that pins SQLite's own behaviour (WAL, its single writer) and so does not run again on PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class OnSqliteOnlyAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
