using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Serving;

/// <summary>
/// Scores one row at a time through the model's row-to-row mapper, like ML.NET's PredictionEngine but for a schema only
/// known at run time. Not thread-safe (the input row and the output getters are reused): take one from the pool per
/// request.
/// </summary>
public sealed class RowEngine : IDisposable
{
    private readonly InputRow _input;
    private readonly DataViewRow _output;
    private readonly (string Name, Action<Utf8JsonWriter> Write)[] _writers;

    internal RowEngine(ITransformer model, DataViewSchema inputSchema, IReadOnlyList<string> outputs)
    {
        _input = new InputRow(inputSchema);
        var mapper = model.GetRowToRowMapper(inputSchema);
        var columns = outputs.Select(name => mapper.OutputSchema[name]).ToArray();
        _output = mapper.GetRow(_input, columns);
        _writers = columns.Select(c => (c.Name, OutputWriter.For(_output, c))).ToArray();
    }

    /// <summary>Scores <paramref name="values"/> (one per input column) and writes the outputs as one JSON object.</summary>
    public void Predict(object[] values, Utf8JsonWriter writer)
    {
        _input.Set(values);
        writer.WriteStartObject();
        foreach (var (name, write) in _writers)
        {
            writer.WritePropertyName(name);
            write(writer);
        }
        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    public void Dispose() => _output.Dispose();
}
