namespace DiveML.Transforms;

/// <summary>
/// An <see cref="Microsoft.ML.IDataView"/> that holds whole columns in memory can offer them directly, so fitting
/// statistics over millions of rows needs no cursor (DiveML's CSV view implements it; any view may).
/// </summary>
public interface IColumnarData
{
    /// <summary>The values of a Double column in row order (NaN for missing), or false when not available.</summary>
    bool TryGetDoubleColumn(string column, out ReadOnlyMemory<double> values);
}
