using System.Text.Json;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Microsoft.ML.Data;

namespace DiveML.Serving;

/// <summary>
/// A saved ML.NET model loaded once at start-up, with what serving it needs: the input fields read from the model's own
/// input schema (any tabular schema: Double/Single/String/Boolean/integer scalars and vectors), which of them the model
/// actually reads, the output columns to return, and a pool of <see cref="RowEngine"/>s (one per concurrent request,
/// since an engine is not thread-safe).
/// </summary>
public sealed class ServedModel
{
    /// <summary>Returned when present, in this order, unless the configuration names the outputs.</summary>
    private static readonly string[] PredictionColumns = ["PredictedLabel", "Score", "Probability", "Prediction"];

    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly Dictionary<string, InputField> _fieldsByName;
    private readonly InputField?[] _fieldsByColumn; // per input schema column; hidden columns take their missing value
    private readonly ObjectPool<RowEngine> _engines;

    private ServedModel(string path, ITransformer model, DataViewSchema inputSchema, IReadOnlyList<InputField> inputs,
        InputField?[] fieldsByColumn, IReadOnlyList<DataViewSchema.Column> outputs, int maxBatchRows)
    {
        Path = path;
        _model = model;
        _inputSchema = inputSchema;
        Inputs = inputs;
        Outputs = outputs;
        MaxBatchRows = maxBatchRows;
        _fieldsByColumn = fieldsByColumn;
        _fieldsByName = inputs.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var names = outputs.Select(c => c.Name).ToArray();
        // Engines are created on demand; up to this many idle ones are kept for the next requests.
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Math.Max(16, 4 * Environment.ProcessorCount) }
            .Create(new EnginePolicy(() => new RowEngine(_model, _inputSchema, names)));
        _engines.Return(_engines.Get()); // build one now: a model that cannot score fails at start-up, not at the first request
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>One field per input column, in the model's input order.</summary>
    public IReadOnlyList<InputField> Inputs { get; }

    /// <summary>The output columns each prediction returns.</summary>
    public IReadOnlyList<DataViewSchema.Column> Outputs { get; }

    /// <summary>The most rows one batch request may hold.</summary>
    public int MaxBatchRows { get; }

    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <param name="path">The model zip saved with <c>mlContext.Model.Save</c>.</param>
    /// <param name="outputs">Comma-separated output columns to return; empty = the prediction columns the model has.</param>
    /// <param name="maxBatchRows">The most rows one batch request may hold.</param>
    public static ServedModel Load(string? path, string? outputs, int maxBatchRows)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new InvalidOperationException("No model to serve: give its path with --Model path/to/model.zip (or the Model setting).");
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        var ml = new MLContext(seed: 0);
        // ML.NET copies each ONNX model to a temporary file with a random name, and ONNX Runtime reads a file that happens to
        // end in .ort (once in 32,768) as its own format and fails (dotnet/machinelearning#7339): read every model as ONNX.
        ml.SetOnnxSessionOption(new OnnxSessionOptions
        {
            CreateSessionOptions = () =>
            {
                var options = new Microsoft.ML.OnnxRuntime.SessionOptions();
                options.AddSessionConfigEntry("session.load_model_format", "ONNX");
                return options;
            },
        });
        var model = ml.Model.Load(path, out var inputSchema);
        var outputSchema = model.GetOutputSchema(inputSchema);

        var inputs = new List<InputField>();
        var fieldsByColumn = new InputField?[inputSchema.Count];
        foreach (var column in inputSchema)
        {
            bool required = Reads(model, inputSchema, column);
            var field = InputField.For(column, required);
            if (field is null && (required || !column.IsHidden))
                throw new NotSupportedException($"The model's input column '{column.Name}' is {column.Type}, which this server cannot take from JSON.");
            fieldsByColumn[column.Index] = field;
            if (!column.IsHidden) inputs.Add(field!);
        }

        string[] names = string.IsNullOrWhiteSpace(outputs)
            ? PredictionColumns.Where(c => outputSchema.GetColumnOrNull(c) is { IsHidden: false }).ToArray()
            : outputs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
            // A preprocessing-only model: return every column it outputs.
            names = outputSchema.Where(c => !c.IsHidden).Select(c => c.Name).Distinct().ToArray();
        var columns = names.Select(n => outputSchema.GetColumnOrNull(n) is { IsHidden: false } c ? c
            : throw new InvalidOperationException($"The model has no output column '{n}'. Its outputs are: {string.Join(", ", outputSchema.Where(x => !x.IsHidden).Select(x => x.Name))}.")).ToArray();
        if (maxBatchRows < 1) throw new InvalidOperationException($"MaxBatchRows is {maxBatchRows}; it must be at least 1.");
        return new ServedModel(path, model, inputSchema, inputs, fieldsByColumn, columns, maxBatchRows);
    }

    /// <summary>Whether the model reads <paramref name="column"/>: its schema no longer works without it.</summary>
    private static bool Reads(ITransformer model, DataViewSchema schema, DataViewSchema.Column column)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var other in schema.Where(c => c.Index != column.Index)) builder.AddColumn(other.Name, other.Type, other.Annotations);
        try
        {
            model.GetOutputSchema(builder.ToSchema());
            return false;
        }
        catch (Exception)
        {
            return true; // whatever the transform's complaint, it needs the column
        }
    }

    /// <summary>Reads one JSON object into one value per input schema column, checking every field.</summary>
    /// <exception cref="InputError">A field is missing, unknown or of the wrong type.</exception>
    public object[] ReadRow(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object)
            throw new InputError($"A row must be a JSON object of fields ({string.Join(", ", Inputs.Where(f => f.Required).Select(f => f.Name))}); got {row.ValueKind.ToString().ToLowerInvariant()}.");
        var values = new object?[_fieldsByColumn.Length];
        foreach (var property in row.EnumerateObject())
        {
            if (!_fieldsByName.TryGetValue(property.Name, out var field))
                throw new InputError($"Field '{property.Name}' is not an input of this model. Its inputs are: {string.Join(", ", Inputs.Select(f => f.Name))}.", property.Name);
            values[field.Index] = field.Read(property.Value);
        }
        for (int i = 0; i < values.Length; i++)
        {
            // A hidden column the model does not read and JSON cannot express is never asked for: it stays empty.
            if (values[i] is not null || _fieldsByColumn[i] is not { } field) continue;
            if (field.Required) throw new InputError($"Field '{field.Name}' is missing; it must be {field.Expected}.", field.Name);
            values[i] = field.Missing;
        }
        return values!;
    }

    /// <summary>Scores rows (already read) and writes a JSON object per row, or an array of them.</summary>
    public void Predict(IReadOnlyList<object[]> rows, Utf8JsonWriter writer, bool asArray)
    {
        var engine = _engines.Get();
        try
        {
            if (asArray) writer.WriteStartArray();
            foreach (var row in rows) engine.Predict(row, writer);
            if (asArray) writer.WriteEndArray();
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>Creates engines for the pool; every engine can be reused.</summary>
    private sealed class EnginePolicy(Func<RowEngine> create) : IPooledObjectPolicy<RowEngine>
    {
        public RowEngine Create() => create();

        public bool Return(RowEngine obj) => true;
    }
}
