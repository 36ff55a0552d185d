using Microsoft.ML;
using MlOps.Modules.Pipeline.Training.Featurization;

namespace MlOps.Modules.Pipeline.Training;

internal static class TrainingContext
{
    /// <summary>A seeded ML.NET context that can also load the models it saves (they may hold MlOps's date mapping).</summary>
    public static MLContext Create(int seed)
    {
        var ml = new MLContext(seed);
        ml.ComponentCatalog.RegisterAssembly(typeof(DatePartsFactory).Assembly);
        return ml;
    }
}
