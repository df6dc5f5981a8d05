using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary>
/// A loaded CSV file as typed columns (pandas' dtypes), convertible to a <see cref="DataFrame"/> or to a fast
/// <see cref="IDataView"/>. Missing values: NaN in Double columns, null in Text columns.
/// </summary>
public sealed class CsvTable
{
    private readonly Array[] _columns;
    private readonly bool[]?[] _missing;
    private readonly int[] _lines;

    internal CsvTable(string path, string[] names, Array[] columns, bool[]?[] missing, int rows, int[] lines)
    {
        Path = path;
        Names = names;
        _columns = columns;
        _missing = missing;
        RowCount = rows;
        _lines = lines;
    }

    /// <summary>The file the table was read from, as given (or the source name of text loaded from memory).</summary>
    public string Path { get; }

    /// <summary>
    /// The 1-based physical line of the file each row starts on, in row order: what a message about a row should name,
    /// since blank lines and quoted line breaks make it differ from the row number + 2.
    /// </summary>
    public IReadOnlyList<int> Lines => _lines;

    /// <summary>Column names, in file order (duplicates mangled as pandas does: <c>a, a.1</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>The inferred (or forced) type of each column.</summary>
    public IReadOnlyList<CsvColumnKind> Kinds => _columns.Select(a => a switch
    {
        long[] => CsvColumnKind.Int64,
        double[] => CsvColumnKind.Double,
        bool[] => CsvColumnKind.Boolean,
        _ => CsvColumnKind.String,
    }).ToArray();

    /// <summary>The table as a fast, immutable <see cref="IDataView"/> (no copy).</summary>
    public IDataView ToDataView() => new ColumnarDataView(Names, _columns, RowCount);

    /// <summary>The table as a <see cref="DataFrame"/>: missing numbers and text are nulls.</summary>
    public DataFrame ToDataFrame()
    {
        var columns = new DataFrameColumn[_columns.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            var name = Names[c];
            columns[c] = _columns[c] switch
            {
                long[] a => new Int64DataFrameColumn(name, MemoryMarshal.AsBytes(a.AsSpan()).ToArray(), ValidityBitmap(null, a.Length), a.Length, 0),
                double[] a => new DoubleDataFrameColumn(name, MemoryMarshal.AsBytes(a.AsSpan()).ToArray(), ValidityBitmap(_missing[c], a.Length), a.Length, _missing[c]?.Count(m => m) ?? 0),
                bool[] a => new BooleanDataFrameColumn(name, a),
                string?[] a => new StringDataFrameColumn(name, a),
                _ => throw new InvalidOperationException(),
            };
        }
        return new DataFrame(columns);
    }

    /// <summary>Arrow-style validity bitmap: bit r (LSB first) set when row r holds a value.</summary>
    private static byte[] ValidityBitmap(bool[]? missing, int length)
    {
        var bitmap = new byte[(length + 7) / 8];
        for (int r = 0; r < length; r++)
            if (missing is null || !missing[r]) bitmap[r >> 3] |= (byte)(1 << (r & 7));
        return bitmap;
    }
}
