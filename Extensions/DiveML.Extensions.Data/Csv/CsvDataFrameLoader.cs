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
    public static DataFrame Load(string path, CsvLoadOptions? options = null) => LoadTable(path, options).ToDataFrame();

    /// <summary>Loads <paramref name="path"/> as typed columns (convertible to a DataFrame or a fast IDataView).</summary>
    /// <exception cref="CsvFormatException">As <see cref="Load(string, CsvLoadOptions?)"/>.</exception>
    public static CsvTable LoadTable(string path, CsvLoadOptions? options = null)
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
        return LoadTable(data, path, options);
    }

    /// <summary>The column names of a CSV file (its header, duplicates mangled as pandas does), without reading the rows.</summary>
    public static IReadOnlyList<string> ReadColumnNames(string path, char separator = ',')
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file '{path}' does not exist.", path);
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(stream.Length, 1 << 20)];
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        int end = Array.IndexOf(buffer, (byte)'\n', 0, read);
        // A quoted header name may hold a line break: then the first line alone is not the header, so read it all.
        if (end >= 0 && buffer.AsSpan(0, end).Count((byte)'"') % 2 == 0)
            return CsvTokenizer.Tokenize(buffer[..(end + 1)], path, separator).Header;
        return LoadTable(path, new CsvLoadOptions { Separator = separator }).Names;
    }

    /// <summary>Loads CSV text held in memory; <paramref name="sourceName"/> names it in error messages.</summary>
    public static DataFrame LoadFromText(string csv, string sourceName = "<text>", CsvLoadOptions? options = null)
        => LoadTable(System.Text.Encoding.UTF8.GetBytes(csv), sourceName, options ?? new CsvLoadOptions()).ToDataFrame();

    private static CsvTable LoadTable(byte[] data, string path, CsvLoadOptions options)
    {
        var tokens = CsvTokenizer.Tokenize(data, path, options.Separator);
        foreach (var name in options.ColumnTypes.Keys)
            if (Array.IndexOf(tokens.Header, name) < 0)
                throw new ArgumentException($"ColumnTypes names column '{name}', which {path} does not have. Its columns are: {string.Join(", ", tokens.Header)}.", nameof(options));

        var na = new NaTokenMatcher(options.NaValues);
        var builders = new CsvColumnBuilder[tokens.Header.Length];
        for (int c = 0; c < builders.Length; c++)
        {
            CsvColumnKind? forced = options.ColumnTypes.TryGetValue(tokens.Header[c], out var k) ? k : null;
            builders[c] = new CsvColumnBuilder(tokens, c, na, forced);
        }
        // The file is row-major: walk it in chunks of rows that stay in cache, every column of a chunk in parallel.
        const int chunk = 1 << 14;
        for (int from = 0; from < tokens.RowCount; from += chunk)
        {
            int to = Math.Min(tokens.RowCount, from + chunk);
            ParallelCsv.For(builders.Length, c => builders[c].Process(from, to));
        }
        var columns = new Array[builders.Length];
        Parallel.For(0, builders.Length, c => columns[c] = builders[c].Build());
        return new CsvTable(tokens.Header, columns, builders.Select(b => b.Missing).ToArray(), tokens.RowCount);
    }
}
