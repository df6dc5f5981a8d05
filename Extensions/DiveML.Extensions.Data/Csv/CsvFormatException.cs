namespace DiveML.Extensions.Data;

/// <summary>
/// A CSV file that cannot be loaded as asked: the message names the file, the 1-based line and, where one is involved,
/// the column, and says what to do.
/// </summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CsvFormatException(string path, long line, string? column, string problem)
        : base(Compose(path, line, column, problem))
    {
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <summary>1-based physical line of the file where the problem is (0 when it concerns the whole file).</summary>
    public long Line { get; }

    /// <summary>The column concerned, or null.</summary>
    public string? Column { get; }

    private static string Compose(string path, long line, string? column, string problem)
    {
        var where = line > 0 ? $"{path}, line {line}" : path;
        if (column is not null) where += $", column '{column}'";
        return $"{where}: {problem}";
    }
}
