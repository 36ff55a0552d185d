using System.Reflection;
using System.Reflection.Emit;

namespace MlOps.Modules.Serving.Models;

/// <summary>
/// Builds, per model version, a class with one public field per input column so that a typed
/// <c>PredictionEngine</c> (the fast path in ML.NET) can serve a schema known only at run time.
/// </summary>
internal static class InputTypeBuilder
{
    private static readonly Lock Gate = new();
    private static readonly ModuleBuilder Module = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("MlOps.Serving.Inputs"), AssemblyBuilderAccess.Run)
        .DefineDynamicModule("MlOps.Serving.Inputs");

    private static int _built;

    public static string FieldName(int column) => $"C{column}";

    public static Type Build(IReadOnlyList<InputColumn> columns)
    {
        lock (Gate)
        {
            var type = Module.DefineType($"ServingInput{++_built}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class);
            for (var i = 0; i < columns.Count; i++)
                type.DefineField(FieldName(i), columns[i].IsNumeric ? typeof(float) : typeof(string), FieldAttributes.Public);
            return type.CreateType();
        }
    }
}
