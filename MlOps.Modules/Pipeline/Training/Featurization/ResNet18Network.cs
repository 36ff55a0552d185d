using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace MlOps.Modules.Pipeline.Training.Featurization;

/// <summary>
/// ResNet-18 pretrained on ImageNet, as shipped by Microsoft.ML.DnnImageFeaturizer.ResNet18 and copied to the
/// output folder at build time: one copy per process, shared by training and every served model that uses it.
/// </summary>
internal sealed class ResNet18Network
{
    /// <summary>Names the network in cache keys: embeddings of another network are never mistaken for these.</summary>
    public const string Key = "resnet18-imagenet-v1";
    public const int Dimensions = 512;
    private const int Side = 224;

    private static readonly Lazy<ResNet18Network> SharedNetwork = new(() => new ResNet18Network(Path.Combine(AppContext.BaseDirectory, "DnnImageModels")));

    private readonly InferenceSession _preprocess;
    private readonly InferenceSession _network;
    private readonly string _preprocessInput;
    private readonly string _networkInput;

    private ResNet18Network(string folder)
    {
        var preprocess = Path.Combine(folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        var network = Path.Combine(folder, "ResNet18Onnx", "ResNet18.onnx");
        if (!File.Exists(preprocess) || !File.Exists(network))
            throw new TrainingException($"The ResNet-18 network is missing from {folder}: the build copies it from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package.");
        _preprocess = new InferenceSession(preprocess);
        _network = new InferenceSession(network);
        _preprocessInput = _preprocess.InputMetadata.Keys.Single();
        _networkInput = _network.InputMetadata.Keys.Single();
    }

    public static ResNet18Network Shared => SharedNetwork.Value;

    /// <summary>The 512 pooled features of a picture MlOps prepared (upright, opaque); greyscale becomes three equal channels.</summary>
    public float[] Embed(SKBitmap picture)
    {
        var input = new DenseTensor<float>(Pixels(picture), [1, 3, Side, Side]);
        using var prepared = _preprocess.Run([NamedOnnxValue.CreateFromTensor(_preprocessInput, input)]);
        using var pooled = _network.Run([NamedOnnxValue.CreateFromTensor(_networkInput, prepared.First().AsTensor<float>())]);
        return pooled.First().AsEnumerable<float>().ToArray();
    }

    public float[] Embed(string pngPath)
    {
        using var picture = SKBitmap.Decode(pngPath) ?? throw new InvalidDataException($"'{pngPath}' is not a readable picture.");
        return Embed(picture);
    }

    /// <summary>
    /// The shorter side scaled to 224 and the centre cropped to 224×224, as the network was trained; planes of
    /// red, green and blue from 0 to 255, which the package's preprocessing network normalises.
    /// </summary>
    private static float[] Pixels(SKBitmap picture)
    {
        var scale = (float)Side / Math.Min(picture.Width, picture.Height);
        using var square = new SKBitmap(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(square))
        {
            canvas.Clear(SKColors.White);
            canvas.Translate((Side - picture.Width * scale) / 2, (Side - picture.Height * scale) / 2);
            canvas.Scale(scale);
            using var image = SKImage.FromBitmap(picture);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        var bytes = square.GetPixelSpan();
        var planes = new float[3 * Side * Side];
        const int plane = Side * Side;
        for (var i = 0; i < plane; i++)
        {
            planes[i] = bytes[4 * i];
            planes[plane + i] = bytes[4 * i + 1];
            planes[2 * plane + i] = bytes[4 * i + 2];
        }

        return planes;
    }
}
