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

    /// <summary>What mlflow.onnx.log_model writes for a model logged with a column signature (infer_signature on a DataFrame).</summary>
    public static byte[] Onnx(string fileKey = "data") => Encoding.UTF8.GetBytes($$$"""
        artifact_path: model
        flavors:
          onnx:
            code: null
            {{{fileKey}}}: model.onnx
            onnx_version: 1.17.0
            providers:
            - CUDAExecutionProvider
            - CPUExecutionProvider
          python_function:
            data: model.onnx
            env:
              conda: conda.yaml
            loader_module: mlflow.onnx
            python_version: 3.11.6
        model_uuid: 9f1e2d3c4b5a69788796a5b4c3d2e1f0
        signature:
          inputs: '[{"type": "float", "name": "sepal_length", "required": true}, {"type": "float", "name": "sepal_width", "required": true}, {"type": "float", "name": "petal_length", "required": true}, {"type": "float", "name": "petal_width", "required": true}]'
          outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]'
          params: null
        """);

    /// <summary>What mlflow.pytorch.log_model writes: the pickled module under data/, which MlOps must never load.</summary>
    public static byte[] PyTorch() => Encoding.UTF8.GetBytes("""
        artifact_path: model
        flavors:
          python_function:
            data: data
            loader_module: mlflow.pytorch
            pickle_module_name: mlflow.pytorch.pickle_module
            python_version: 3.11.6
          pytorch:
            code: null
            model_data: data
            pytorch_version: 2.5.1
        model_uuid: 1a2b3c4d5e6f708192a3b4c5d6e7f809
        """);
}
