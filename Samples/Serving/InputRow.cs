using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Serving;

/// <summary>
/// One input row whose values are replaced before each prediction, as ML.NET's own PredictionEngine does with its typed
/// row: the model's row-to-row mapper reads it through getters. The position advances with every new set of values,
/// because transforms (ONNX among them) cache their outputs per position.
/// </summary>
internal sealed class InputRow(DataViewSchema schema) : DataViewRow
{
    private object[] _values = [];
    private long _position = -1;

    public override DataViewSchema Schema => schema;

    public override long Position => _position;

    public override long Batch => 0;

    /// <summary>Sets the next row's values: one typed value per schema column (Single, VBuffer&lt;Single&gt;, ReadOnlyMemory&lt;char&gt;…).</summary>
    public void Set(object[] values)
    {
        _values = values;
        _position++;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        int index = column.Index;
        return (ref TValue value) => value = (TValue)_values[index];
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column) => true;
}
