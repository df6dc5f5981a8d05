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
    /// <exception cref="CsvFormatException">A ragged row, an unclosed quote, an empty file, a value that contradicts a
    /// forced column type, bytes that are not UTF-8 text, an unsupported compression; the message names the file, line
    /// and column (or byte offset) and says what to do.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static DataFrame Load(string path, CsvLoadOptions? options = null) => LoadTable(path, options).ToDataFrame();

    /// <summary>Loads <paramref name="path"/> as typed columns (convertible to a DataFrame or a fast IDataView).</summary>
    /// <exception cref="CsvFormatException">As <see cref="Load(string, CsvLoadOptions?)"/>.</exception>
    public static CsvTable LoadTable(string path, CsvLoadOptions? options = null)
        => LoadTable(CsvFileReader.ReadAll(path), path, options ?? new CsvLoadOptions());

    /// <summary>The column names of a CSV file (its header, duplicates mangled as pandas does), without reading the rows.</summary>
    /// <exception cref="CsvFormatException">As <see cref="Load(string, CsvLoadOptions?)"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<string> ReadColumnNames(string path, char separator = ',')
    {
        var (head, complete) = CsvFileReader.ReadHead(path, 1 << 20);
        // The header is the first non-blank line (after a UTF-8 byte-order mark); LF, CRLF and a lone CR end lines.
        int start = head.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        while (start < head.Length && head[start] is (byte)'\n' or (byte)'\r') start++;
        int end = head.AsSpan(start).IndexOfAny((byte)'\n', (byte)'\r');
        if (end >= 0) end += start;
        // A quoted header name may hold a line break: then the first line alone is not the header, so read it all.
        if (end >= 0 && head.AsSpan(start, end - start).Count((byte)'"') % 2 == 0)
            return CsvTokenizer.Tokenize(head[..end], path, separator).Header;
        if (complete) return CsvTokenizer.Tokenize(head, path, separator).Header;
        return LoadTable(path, new CsvLoadOptions { Separator = separator }).Names;
    }

    /// <summary>Loads CSV text held in memory; <paramref name="sourceName"/> names it in error messages.</summary>
    public static DataFrame LoadFromText(string csv, string sourceName = "<text>", CsvLoadOptions? options = null)
        => LoadTable(System.Text.Encoding.UTF8.GetBytes(csv), sourceName, options ?? new CsvLoadOptions()).ToDataFrame();

    private static CsvTable LoadTable(byte[] data, string path, CsvLoadOptions options)
    {
        var tokens = CsvTokenizer.Tokenize(data, path, options.Separator);
        if (tokens.RowCount == 0 && options.RequireDataRows)
            throw new CsvFormatException(path, 0, null, $"the file has a header ({tokens.Header.Length} column{(tokens.Header.Length == 1 ? "" : "s")}) but no data rows. Check the path, or add rows.");
        foreach (var name in options.ColumnTypes.Keys)
            if (Array.IndexOf(tokens.Header, name) < 0)
                throw new ArgumentException($"ColumnTypes names column '{name}', which {path} does not have. Its columns are: {string.Join(", ", tokens.Header)}.", nameof(options));

        var na = new NaTokenMatcher(options.NaValues);
        var builders = new CsvColumnBuilder[tokens.Header.Length];
        for (int c = 0; c < builders.Length; c++)
        {
            CsvColumnKind? forced = options.ColumnTypes.TryGetValue(tokens.Header[c], out var k) ? k : null;
            builders[c] = new CsvColumnBuilder(tokens, c, na, forced, options.ColumnTypesSource, options.EmptyInSource.Contains(tokens.Header[c]));
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
        return new CsvTable(path, tokens.Header, columns, builders.Select(b => b.Missing).ToArray(), tokens.RowCount, tokens.RowLines);
    }
}
