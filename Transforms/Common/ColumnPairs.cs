using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>Builds <see cref="InputOutputColumnPair"/> arrays for the multi-column catalog overloads.</summary>
public static class ColumnPairs
{
    /// <summary>One in-place pair (output = input) per column name, in order.</summary>
    /// <param name="columns">Column names.</param>
    public static InputOutputColumnPair[] InPlace(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.Select(c => new InputOutputColumnPair(c)).ToArray();
    }

    /// <summary>One in-place pair (output = input) per column name, in order.</summary>
    /// <param name="columns">Column names.</param>
    public static InputOutputColumnPair[] InPlace(params string[] columns) => InPlace((IEnumerable<string>)columns);
}
