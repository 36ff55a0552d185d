using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlOps.Modules.Platform;
using NetArchTest.Rules;

namespace MlOps.Tests.Architecture;

public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Modules = typeof(PlatformModule).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    public static TheoryData<string> ModuleNames => new(ModuleNamesInAssembly());

    [Fact]
    public void Every_module_of_the_product_has_its_namespace() =>
        Assert.Contains("Platform", ModuleNamesInAssembly());

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_uses_other_modules_only_through_their_contracts(string module)
    {
        var foreignInternals = ModuleNamesInAssembly().Where(other => other != module).SelectMany(InternalTypeNames).ToArray();
        if (foreignInternals.Length == 0) return;

        var result = Types.InAssembly(Modules).That().ResideInNamespaceStartingWith($"MlOps.Modules.{module}")
            .ShouldNot().HaveDependencyOnAny(foreignInternals).GetResult();

        Assert.True(result.IsSuccessful, $"{module} reaches into other modules: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Only_contracts_and_module_classes_are_public()
    {
        var exposed = Modules.GetTypes()
            .Where(t => t.IsVisible && !IsContract(t) && !IsModuleClass(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(exposed.Count == 0, $"Make these internal: {string.Join(", ", exposed)}");
    }

    [Fact]
    public void Concrete_classes_are_sealed()
    {
        var unsealed = Modules.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsSealed: false } && !IsCompilerGenerated(t) && !IsEfGenerated(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(unsealed.Count == 0, $"Seal these: {string.Join(", ", unsealed)}");
    }

    [Fact]
    public void The_web_host_uses_modules_only_through_contracts_and_module_classes()
    {
        var internals = ModuleNamesInAssembly().SelectMany(InternalTypeNames).ToArray();

        var result = Types.InAssembly(Web).ShouldNot().HaveDependencyOnAny(internals).GetResult();

        Assert.True(result.IsSuccessful, $"The web host reaches into modules: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    private static IEnumerable<string> ModuleNamesInAssembly() =>
        Modules.GetTypes()
            .Select(t => t.Namespace?.Split('.'))
            .Where(parts => parts is { Length: >= 3 } && parts[0] == "MlOps" && parts[1] == "Modules")
            .Select(parts => parts![2])
            .Distinct()
            .Order();

    private static IEnumerable<string> InternalTypeNames(string module) =>
        Modules.GetTypes()
            .Where(t => t.Namespace?.StartsWith($"MlOps.Modules.{module}", StringComparison.Ordinal) == true && !IsContract(t) && !IsModuleClass(t))
            .Where(t => !IsCompilerGenerated(t))
            .Select(t => t.FullName!.Split('`')[0].Replace('+', '/'));

    private static bool IsContract(Type type) =>
        type.Namespace?.Split('.') is { Length: >= 4 } parts && parts[3] == "Contracts";

    private static bool IsModuleClass(Type type) =>
        type.Namespace?.Split('.') is { Length: 3 } parts && type.Name == $"{parts[2]}Module";

    private static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false) || type.Name.Contains('<');

    private static bool IsEfGenerated(Type type) =>
        typeof(Migration).IsAssignableFrom(type) || typeof(ModelSnapshot).IsAssignableFrom(type);
}
