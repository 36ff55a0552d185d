using MlOps.Modules.Pipeline;
using NetArchTest.Rules;

namespace MlOps.Tests.Architecture;

public sealed class PipelineBoundaryTests
{
    private const string Contracts = "MlOps.Modules.Pipeline.Contracts";

    // EF Core generates migrations as public classes.
    private const string Migrations = "MlOps.Modules.Pipeline.Data.Migrations";

    [Fact]
    public void Pipeline_types_outside_its_contracts_are_internal()
    {
        var result = Types.InAssembly(typeof(PipelineModule).Assembly)
            .That().ResideInNamespaceStartingWith("MlOps.Modules.Pipeline")
            .And().DoNotResideInNamespaceStartingWith(Contracts)
            .And().DoNotResideInNamespace(Migrations)
            .And().DoNotHaveName(nameof(PipelineModule))
            .Should().NotBePublic()
            .GetResult();

        Assert.True(result.IsSuccessful, $"Public outside Contracts: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Pipeline_classes_outside_its_contracts_are_sealed_or_static()
    {
        var unsealed = typeof(PipelineModule).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("MlOps.Modules.Pipeline", StringComparison.Ordinal) == true)
            .Where(t => t.IsClass && !t.IsNested && !t.IsAbstract && !t.IsSealed)
            .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .Where(t => t.Namespace != Migrations)
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(unsealed);
    }

    [Fact]
    public void The_web_host_reaches_pipeline_only_through_its_contracts()
    {
        var result = Types.InAssembly(typeof(Program).Assembly)
            .ShouldNot().HaveDependencyOnAny("MlOps.Modules.Pipeline.Datasets", "MlOps.Modules.Pipeline.Data")
            .GetResult();

        Assert.True(result.IsSuccessful, $"Web types reaching into Pipeline internals: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
