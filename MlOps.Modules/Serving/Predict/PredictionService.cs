using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Sink;

namespace MlOps.Modules.Serving.Predict;

/// <summary>Validates, scores and reports predictions for the REST API and the Predict page alike.</summary>
internal sealed class PredictionService(
    ModelCache cache, PredictionEvents events, CountingPredictionSink counter, IOptions<ServingOptions> options, IOptions<MlOpsOptions> platform, TimeProvider clock)
    : IPredictionService
{
    public const string ApiVersion = "v1";
    private const int CsvBatch = 500;

    public Task<OperationResult<LoadedModel>> ResolveAsync(ServingTarget target, CancellationToken cancellationToken) => cache.GetAsync(target, cancellationToken);

    public PredictionResponse Respond(LoadedModel model, ServingTarget target, string requestId, IReadOnlyList<Prediction> predictions) =>
        new(model.Name, model.Version, AliasFor(target), ApiVersion, requestId, predictions);

    public OperationResult<IReadOnlyList<Prediction>> Score(LoadedModel model, ServingTarget target, IRecordSet records, string caller, string requestId)
    {
        if (records.Count == 0) return OperationResult<IReadOnlyList<Prediction>>.Fail(OperationError.Invalid, "records", "Send at least one record.");
        if (records.Count > options.Value.MaxRecordsPerRequest)
            return OperationResult<IReadOnlyList<Prediction>>.Fail(OperationError.Invalid, "records",
                $"A request holds at most {options.Value.MaxRecordsPerRequest:N0} records; send CSV for more, or use a batch job.");
        if (model.IsImageModel)
            return OperationResult<IReadOnlyList<Prediction>>.Fail(OperationError.Invalid, model.Columns[0].Name,
                $"Model '{model.Name}' scores images: send one as multipart/form-data with a 'file' part.");

        var rows = new List<InputRow>(records.Count);
        var problems = RecordBinder.Bind(model, records, 0, rows);
        if (problems.Count > 0) return OperationResult<IReadOnlyList<Prediction>>.Fail(OperationError.Invalid, problems);
        return OperationResult<IReadOnlyList<Prediction>>.Ok(ScoreRows(model, target, rows, 0, caller, requestId));
    }

    public async Task<OperationResult<PredictionResponse>> PredictAsync(ServingTarget target, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, string caller, string requestId, CancellationToken cancellationToken)
    {
        var model = await cache.GetAsync(target, cancellationToken);
        if (!model.Succeeded) return OperationResult<PredictionResponse>.Fail(model.Error, model.Problems);
        var scored = Score(model.Value!, target, new DictionaryRecords(records), caller, requestId);
        return scored.Succeeded
            ? OperationResult<PredictionResponse>.Ok(Respond(model.Value!, target, requestId, scored.Value!))
            : OperationResult<PredictionResponse>.Fail(scored.Error, scored.Problems);
    }

    public async Task<OperationResult<PredictionResponse>> PredictImageAsync(ServingTarget target, Stream image, string caller, string requestId, CancellationToken cancellationToken)
    {
        var model = await cache.GetAsync(target, cancellationToken);
        if (!model.Succeeded) return OperationResult<PredictionResponse>.Fail(model.Error, model.Problems);
        using var buffer = new MemoryStream();
        await image.CopyToAsync(buffer, cancellationToken);
        var scored = await ScoreImageAsync(model.Value!, target, buffer.ToArray(), 0, caller, requestId, cancellationToken);
        return scored.Succeeded
            ? OperationResult<PredictionResponse>.Ok(Respond(model.Value!, target, requestId, [scored.Value!]))
            : OperationResult<PredictionResponse>.Fail(scored.Error, scored.Problems);
    }

    /// <param name="index">The picture's position in its request.</param>
    public async Task<OperationResult<Prediction>> ScoreImageAsync(LoadedModel model, ServingTarget target, byte[] content, int index, string caller, string requestId, CancellationToken cancellationToken)
    {
        if (!model.IsImageModel)
            return OperationResult<Prediction>.Fail(OperationError.Invalid, "file", $"Model '{model.Name}' does not score images; send records as JSON or CSV.");
        using var image = ImageUpload.Decode(content, options.Value.MaxImagePixels, out var problem);
        if (image is null) return OperationResult<Prediction>.Fail(OperationError.Invalid, "file", problem);

        var started = Stopwatch.GetTimestamp();
        var prediction = await ImageScoring.ScoreAsync(model, image, platform.Value.WorkDirectory, cancellationToken);
        Publish(model, AliasFor(target), ImageUpload.MeasuresOf(image), prediction, started, index, caller, requestId);
        return OperationResult<Prediction>.Ok(prediction);
    }

    public async Task<OperationResult<int>> PredictCsvAsync(ServingTarget target, Stream csv, Stream output, string caller, string requestId, CancellationToken cancellationToken)
    {
        var model = await cache.GetAsync(target, cancellationToken);
        if (!model.Succeeded) return OperationResult<int>.Fail(model.Error, model.Problems);
        var scoring = await OpenCsvAsync(model.Value!, target, csv, caller, requestId, cancellationToken);
        if (!scoring.Succeeded) return OperationResult<int>.Fail(scoring.Error, scoring.Problems);
        return OperationResult<int>.Ok(await scoring.Value!.WriteCsvAsync(output, cancellationToken));
    }

    /// <summary>Reads the header and a first batch, so that a malformed file is a 400 before any output is sent.</summary>
    public async Task<OperationResult<CsvScoring>> OpenCsvAsync(LoadedModel model, ServingTarget target, Stream csv, string caller, string requestId, CancellationToken cancellationToken)
    {
        if (model.IsImageModel)
            return OperationResult<CsvScoring>.Fail(OperationError.Invalid, model.Columns[0].Name, $"Model '{model.Name}' scores images, not CSV rows.");
        var records = CsvSource.ReadAsync(csv, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await records.MoveNextAsync()) return OperationResult<CsvScoring>.Fail(OperationError.Invalid, "csv", "The CSV is empty: send a header row, then rows.");
            return await OpenCsvAsync(model, target, records, caller, requestId, cancellationToken);
        }
        catch (InvalidDataException malformed)
        {
            await records.DisposeAsync();
            return OperationResult<CsvScoring>.Fail(OperationError.Invalid, "csv", malformed.Message);
        }
    }

    private async Task<OperationResult<CsvScoring>> OpenCsvAsync(LoadedModel model, ServingTarget target, IAsyncEnumerator<(string[] Record, int Line)> records,
        string caller, string requestId, CancellationToken cancellationToken)
    {
        var header = records.Current.Record;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) columns.TryAdd(header[i].Trim(), i);
        var absent = model.Columns.Where(c => !columns.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        if (absent.Count > 0)
            return OperationResult<CsvScoring>.Fail(OperationError.Invalid, absent.ToDictionary(c => $"header.{c}", c => new[] { $"Header: column '{c}' is missing." }));

        var scoring = new CsvScoring(this, model, target, records, header, columns, caller, requestId);
        var problems = await scoring.ReadBatchAsync(cancellationToken);
        return problems.Count > 0 ? OperationResult<CsvScoring>.Fail(OperationError.Invalid, problems) : OperationResult<CsvScoring>.Ok(scoring);
    }

    public async Task<OperationResult<ServingModelInfo>> DescribeAsync(ServingTarget target, CancellationToken cancellationToken)
    {
        var model = await cache.GetAsync(target, cancellationToken);
        return model.Succeeded ? OperationResult<ServingModelInfo>.Ok(model.Value!.Describe()) : OperationResult<ServingModelInfo>.Fail(model.Error, model.Problems);
    }

    public ServingStatus GetStatus() => new(cache.List(), options.Value.MaxLoadedModels, counter.Count, events.Dropped);

    /// <summary>Scores rows and publishes an event for each; <paramref name="firstIndex"/> is the first row's position in its request.</summary>
    public IReadOnlyList<Prediction> ScoreRows(LoadedModel model, ServingTarget target, IReadOnlyList<InputRow> rows, int firstIndex, string caller, string requestId)
    {
        var predictions = new Prediction[rows.Count];
        var alias = AliasFor(target);
        for (var i = 0; i < rows.Count; i++) predictions[i] = ScoreAndPublish(model, alias, rows[i], InputsOf(model, rows[i]), firstIndex + i, caller, requestId);
        return predictions;
    }

    private Prediction ScoreAndPublish(LoadedModel model, string? alias, InputRow row, IReadOnlyDictionary<string, object?> inputs, int index, string caller, string requestId)
    {
        var started = Stopwatch.GetTimestamp();
        var prediction = model.Score(row);
        Publish(model, alias, inputs, prediction, started, index, caller, requestId);
        return prediction;
    }

    private void Publish(LoadedModel model, string? alias, IReadOnlyDictionary<string, object?> inputs, Prediction prediction, long started, int index, string caller, string requestId) =>
        events.Publish(new PredictionEvent(model.Name, model.Version, alias, inputs, prediction, Stopwatch.GetElapsedTime(started), caller, requestId,
            clock.GetUtcNow().UtcDateTime, index));

    /// <summary>The alias a request was served through, or null when it named a version.</summary>
    private static string? AliasFor(ServingTarget target) => target.Version is null ? target.AliasOrProduction() : null;

    private static Dictionary<string, object?> InputsOf(LoadedModel model, InputRow row)
    {
        var inputs = new Dictionary<string, object?>(model.Columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < model.Columns.Count; i++)
            inputs[model.Columns[i].Name] = model.Columns[i].IsNumeric ? float.IsNaN(row.Numbers[i]) ? null : row.Numbers[i] : row.Texts[i];
        return inputs;
    }

    /// <summary>A CSV being scored batch by batch, so memory stays flat however long the file is.</summary>
    internal sealed class CsvScoring(
        PredictionService service, LoadedModel model, ServingTarget target, IAsyncEnumerator<(string[] Record, int Line)> records, string[] header,
        Dictionary<string, int> columns, string caller, string requestId)
    {
        private readonly List<InputRow> _rows = new(CsvBatch);
        private CsvRecords _batch = new(columns, []);
        private int _batchStart;
        private int _read;

        public LoadedModel Model => model;

        public async Task<Dictionary<string, string[]>> ReadBatchAsync(CancellationToken cancellationToken)
        {
            var raw = new List<string[]>(CsvBatch);
            while (raw.Count < CsvBatch && await records.MoveNextAsync()) raw.Add(records.Current.Record);
            _rows.Clear();
            _batch = new CsvRecords(columns, raw);
            _batchStart = _read;
            var problems = RecordBinder.Bind(model, _batch, _read, _rows);
            _read += raw.Count;
            return problems;
        }

        /// <summary>Every prediction with its input row; a bad row after the first batch ends the output with an error.</summary>
        public async IAsyncEnumerable<(string[] Input, Prediction Prediction)> ScoreAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (_rows.Count > 0)
            {
                var predictions = service.ScoreRows(model, target, _rows, _batchStart, caller, requestId);
                for (var i = 0; i < predictions.Count; i++) yield return (_batch.Rows[i], predictions[i]);
                var problems = await ReadBatchAsync(cancellationToken);
                if (problems.Count > 0) throw new InvalidDataException(string.Join(" ", problems.Values.SelectMany(p => p)));
            }
        }

        public async Task<int> WriteCsvAsync(Stream output, CancellationToken cancellationToken)
        {
            await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
            await writer.WriteLineAsync(string.Join(',', header.Select(CsvCell.Format).Concat(CsvPredictionWriter.Header(model).Select(CsvCell.Format))));
            var count = 0;
            await foreach (var (input, prediction) in ScoreAsync(cancellationToken))
            {
                await writer.WriteLineAsync(string.Join(',', input.Select(CsvCell.Format).Concat(CsvPredictionWriter.Fields(model, prediction))));
                if (++count % CsvBatch == 0) await writer.FlushAsync(cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
            return count;
        }
    }
}
