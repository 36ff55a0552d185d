namespace MlOps.Tests.Support.Providers;

/// <summary>A test class that pins what only several replicas on one PostgreSQL database do; it has no SQLite run.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OnPostgreSqlOnlyAttribute : Attribute;
