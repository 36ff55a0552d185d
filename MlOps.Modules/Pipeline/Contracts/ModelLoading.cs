using Microsoft.ML;
using MlOps.Modules.Pipeline.Training.Featurization;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>How another module loads a model the Pipeline saved: its context must know MlOps's own transforms.</summary>
public static class ModelLoading
{
    public static MLContext CreateContext()
    {
        var ml = new MLContext();
        ml.ComponentCatalog.RegisterAssembly(typeof(DatePartsFactory).Assembly);
        return ml;
    }
}
