namespace DiveML.Extensions.Data;

/// <summary>
/// The result of tokenising a CSV file: the raw bytes plus, per column, where each row's field lies in them. Fields are
/// decoded lazily, column by column, so type inference can look at every row without allocating a string per field.
/// </summary>
internal sealed class CsvTokens
{
    /// <summary>Bit set in a field length when the field was quoted and holds an escaped quote (<c>""</c>).</summary>
    public const int EscapedFlag = 1 << 30;

    public required string Path { get; init; }
    public required byte[] Data { get; init; }
    public required string[] Header { get; init; }
    public required int RowCount { get; init; }
    /// <summary>Per column, per row: byte offset of the field's content.</summary>
    public required int[][] Starts { get; init; }
    /// <summary>Per column, per row: byte length of the field's content, with <see cref="EscapedFlag"/> possibly set.</summary>
    public required int[][] Lengths { get; init; }
    /// <summary>Per row: the 1-based physical line where the row starts (quoted fields may span lines).</summary>
    public required int[] RowLines { get; init; }

    public ReadOnlySpan<byte> RawField(int column, int row)
        => Data.AsSpan(Starts[column][row], Lengths[column][row] & ~EscapedFlag);

    public bool IsEscaped(int column, int row) => (Lengths[column][row] & EscapedFlag) != 0;

    /// <summary>The field as text, with <c>""</c> escapes undone.</summary>
    public string FieldText(int column, int row)
    {
        var text = System.Text.Encoding.UTF8.GetString(RawField(column, row));
        return IsEscaped(column, row) ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }
}
