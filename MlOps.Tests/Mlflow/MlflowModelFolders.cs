using System.Text;

namespace MlOps.Tests.Mlflow;

/// <summary>MLmodel files as an MLflow flavor writes them.</summary>
internal static class MlflowModelFolders
{
    public static byte[] MlNet(string modelFile = "model.zip") => Encoding.UTF8.GetBytes($"""
        artifact_path: model
        flavors:
          mlnet:
            model_path: {modelFile}
            mlnet_version: 6.0.0
        model_uuid: 5c1b0d7e2f0a4b4e9d1e0f6b2a3c4d5e
        utc_time_created: '2026-12-07 02:00:00.000000'
        """);

    public static byte[] Sklearn() => Encoding.UTF8.GetBytes("""
        artifact_path: model
        flavors:
          python_function:
            env:
              conda: conda.yaml
            loader_module: mlflow.sklearn
            model_path: model.pkl
            python_version: 3.11.6
          sklearn:
            pickled_model: model.pkl
            serialization_format: cloudpickle
            sklearn_version: 1.5.2
        model_uuid: 0d0c7c4e0f2b4c6f8a9b1c2d3e4f5a6b
        """);
}
