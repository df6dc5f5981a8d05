using Microsoft.Data.Analysis;

namespace DiveML.Extensions.Data;

/// <summary>
/// Loads a CSV file into a Microsoft.Data.Analysis <see cref="DataFrame"/> the way <c>pandas.read_csv(path)</c> would:
/// pandas' missing-value tokens, types inferred from all rows (not the first few), culture-invariant numbers. A
/// <see cref="DataFrame"/> is an <c>IDataView</c>: numeric missing values read as NaN, text missing values as empty.
/// </summary>
public static class CsvDataFrameLoader
{
    /// <summary>Loads <paramref name="path"/> with <paramref name="options"/> (pandas defaults when null).</summary>
    /// <exception cref="CsvFormatException">A ragged row, an unclosed quote, an empty file or a value that contradicts a
    /// forced column type; the message names the file, line and column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static DataFrame Load(string path, CsvLoadOptions? options = null)
    {
        options ??= new CsvLoadOptions();
        if (!File.Exists(path))
            throw new FileNotFoundException($"CSV file '{path}' does not exist. Check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CsvFormatException(path, 0, null, $"the file cannot be read ({e.Message}).");
        }
        return Load(data, path, options);
    }

    /// <summary>Loads CSV text held in memory; <paramref name="sourceName"/> names it in error messages.</summary>
    public static DataFrame LoadFromText(string csv, string sourceName = "<text>", CsvLoadOptions? options = null)
        => Load(System.Text.Encoding.UTF8.GetBytes(csv), sourceName, options ?? new CsvLoadOptions());

    private static DataFrame Load(byte[] data, string path, CsvLoadOptions options)
    {
        var tokens = CsvTokenizer.Tokenize(data, path, options.Separator);
        foreach (var name in options.ColumnTypes.Keys)
            if (Array.IndexOf(tokens.Header, name) < 0)
                throw new ArgumentException($"ColumnTypes names column '{name}', which {path} does not have. Its columns are: {string.Join(", ", tokens.Header)}.", nameof(options));

        var na = new HashSet<string>(options.NaValues, StringComparer.Ordinal);
        int maxNaBytes = na.Count == 0 ? -1 : na.Max(s => System.Text.Encoding.UTF8.GetByteCount(s));
        var columns = new DataFrameColumn[tokens.Header.Length];
        // Columns are independent once tokenised: build them in parallel.
        try
        {
            Parallel.For(0, columns.Length, c =>
            {
                CsvColumnKind? forced = options.ColumnTypes.TryGetValue(tokens.Header[c], out var k) ? k : null;
                columns[c] = new CsvColumnBuilder(tokens, c, na, maxNaBytes).Build(forced);
            });
        }
        catch (AggregateException e)
        {
            // Report the earliest problem in the file, unwrapped, as a sequential loader would.
            var first = e.InnerExceptions.OfType<CsvFormatException>().OrderBy(x => x.Line).FirstOrDefault();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first ?? e.InnerExceptions[0]).Throw();
        }
        return new DataFrame(columns);
    }
}
