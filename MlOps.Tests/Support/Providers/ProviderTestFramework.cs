using System.Collections.Concurrent;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("MlOps.Tests.Support.Providers.ProviderTestFramework", "MlOps.Tests")]

namespace MlOps.Tests.Support.Providers;

/// <summary>
/// Runs every module's API and integration tests once per database provider: beside each test collection of those
/// tests it discovers a PostgreSQL twin holding the same tests, whose fixtures and hosts are built while
/// <see cref="TestDatabase.Current"/> says PostgreSQL. Without <c>MLOPS_TEST_POSTGRES</c> the twins are reported as
/// skipped, with the reason. A class marked <see cref="OnPostgreSqlOnlyAttribute"/> has only the PostgreSQL run.
/// </summary>
public sealed class ProviderTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    public const string PostgreSqlPrefix = "PostgreSQL: ";

    private static readonly string[] ModuleNamespaces =
        ["Api", "Experiments", "Mlflow", "Pipeline", "Platform", "Registry", "Serving", "Monitoring"];

    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private static bool RunsOnEveryProvider(ITypeInfo type) =>
        ModuleNamespaces.Any(module => type.Name.StartsWith($"MlOps.Tests.{module}.", StringComparison.Ordinal))
        && !type.GetCustomAttributes(typeof(OnSqliteOnlyAttribute)).Any();

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        private readonly ConcurrentDictionary<Guid, ITestCollection> _twins = new();

        protected override bool FindTestsForType(ITestClass testClass, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var onPostgreSqlOnly = testClass.Class.GetCustomAttributes(typeof(OnPostgreSqlOnlyAttribute)).Any();
            if (!onPostgreSqlOnly && !base.FindTestsForType(testClass, includeSourceInformation, messageBus, discoveryOptions)) return false;
            if (!onPostgreSqlOnly && !RunsOnEveryProvider(testClass.Class)) return true;

            var collection = _twins.GetOrAdd(testClass.TestCollection.UniqueID, _ => new TestCollection(
                testClass.TestCollection.TestAssembly, testClass.TestCollection.CollectionDefinition, PostgreSqlPrefix + testClass.TestCollection.DisplayName));
            var twin = new TestClass(collection, testClass.Class);
            var display = discoveryOptions.MethodDisplayOrDefault();
            var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
            foreach (var method in testClass.Class.GetMethods(includePrivateMethods: false))
            {
                if (!method.GetCustomAttributes(typeof(FactAttribute)).Any() || method.GetCustomAttributes(typeof(OnSqliteOnlyAttribute)).Any()) continue;
                var testMethod = new TestMethod(twin, method);
                IXunitTestCase testCase = method.GetCustomAttributes(typeof(TheoryAttribute)).Any()
                    ? new PostgreSqlTheoryTestCase(DiagnosticMessageSink, display, displayOptions, testMethod)
                    : new PostgreSqlTestCase(DiagnosticMessageSink, display, displayOptions, testMethod);
                if (!ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus)) return false;
            }

            return true;
        }
    }

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task<RunSummary> RunTestCollectionAsync(
            IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource)
        {
            TestDatabase.UsePostgreSql(testCollection.DisplayName.StartsWith(PostgreSqlPrefix, StringComparison.Ordinal));
            return await base.RunTestCollectionAsync(messageBus, testCollection, testCases, cancellationTokenSource);
        }
    }
}

/// <summary>A fact's PostgreSQL run: its own id and name, and skipped with the reason when no server is configured.</summary>
public sealed class PostgreSqlTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgreSqlTestCase()
    {
    }

    public PostgreSqlTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(sink, display, displayOptions, testMethod)
    {
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        base.GetDisplayName(factAttribute, displayName) + " [PostgreSQL]";

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestDatabase.PostgreSqlServer is null ? TestDatabase.SkipReason : base.GetSkipReason(factAttribute);

    protected override string GetUniqueID() => base.GetUniqueID() + "-postgresql";
}

/// <summary>A theory's PostgreSQL run, like <see cref="PostgreSqlTestCase"/>, its data rows enumerated when it runs.</summary>
public sealed class PostgreSqlTheoryTestCase : XunitTheoryTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgreSqlTheoryTestCase()
    {
    }

    public PostgreSqlTheoryTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(sink, display, displayOptions, testMethod)
    {
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        base.GetDisplayName(factAttribute, displayName) + " [PostgreSQL]";

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestDatabase.PostgreSqlServer is null ? TestDatabase.SkipReason : base.GetSkipReason(factAttribute);

    protected override string GetUniqueID() => base.GetUniqueID() + "-postgresql";
}
