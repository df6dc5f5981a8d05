using System.Buffers;
using System.Text;

namespace DiveML.Extensions.Data;

/// <summary>
/// Splits RFC 4180 CSV bytes into fields: quoted fields may hold separators, newlines and <c>""</c> escapes; CRLF and LF
/// line ends; blank lines are skipped (as pandas' <c>skip_blank_lines</c>); a row whose field count differs from the
/// header's is an error naming its line.
/// </summary>
internal static class CsvTokenizer
{
    public static CsvTokens Tokenize(byte[] data, string path, char separator)
    {
        if (separator > 127 || separator == '"' || separator == '\n' || separator == '\r')
            throw new ArgumentException($"Separator '{separator}' is not supported: use a single ASCII character other than a quote or a line break.", nameof(separator));
        var sep = (byte)separator;
        var stops = SearchValues.Create([sep, (byte)'\n']);

        int pos = data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
        int line = 1;
        var rowStarts = new List<int>(0);
        var rowLengths = new List<int>(0);

        // Reads one record starting at pos into the two lists; returns false at end of data.
        bool ReadRecord(List<int> starts, List<int> lengths, out int recordLine)
        {
            // Skip blank lines.
            while (pos < data.Length && (data[pos] == '\n' || (data[pos] == '\r' && pos + 1 < data.Length && data[pos + 1] == '\n')))
            {
                pos += data[pos] == '\r' ? 2 : 1;
                line++;
            }
            recordLine = line;
            if (pos >= data.Length) return false;
            starts.Clear();
            lengths.Clear();
            while (true)
            {
                if (pos < data.Length && data[pos] == '"')
                {
                    int quoteLine = line;
                    int contentStart = pos + 1;
                    int i = contentStart;
                    bool escaped = false;
                    while (true)
                    {
                        int q = data.AsSpan(i).IndexOf((byte)'"');
                        if (q < 0)
                            throw new CsvFormatException(path, quoteLine, null, "a quoted field is never closed (missing '\"'). Check the quoting of this row.");
                        line += data.AsSpan(i, q).Count((byte)'\n');
                        i += q;
                        if (i + 1 < data.Length && data[i + 1] == '"') { escaped = true; i += 2; continue; }
                        break;
                    }
                    starts.Add(contentStart);
                    lengths.Add((i - contentStart) | (escaped ? CsvTokens.EscapedFlag : 0));
                    pos = i + 1;
                    if (pos < data.Length && data[pos] == '\r') pos++;
                    if (pos >= data.Length) return true;
                    if (data[pos] == sep) { pos++; continue; }
                    if (data[pos] == '\n') { pos++; line++; return true; }
                    throw new CsvFormatException(path, line, null, $"unexpected character '{(char)data[pos]}' after a closing quote. Quote the whole field or escape inner quotes as \"\".");
                }
                else
                {
                    int rel = data.AsSpan(pos).IndexOfAny(stops);
                    int end = rel < 0 ? data.Length : pos + rel;
                    int fieldEnd = end;
                    bool atLineEnd = rel < 0 || data[end] == '\n';
                    if (atLineEnd && fieldEnd > pos && data[fieldEnd - 1] == '\r') fieldEnd--;
                    starts.Add(pos);
                    lengths.Add(fieldEnd - pos);
                    if (rel < 0) { pos = data.Length; return true; }
                    pos = end + 1;
                    if (atLineEnd) { line++; return true; }
                }
            }
        }

        var headerStarts = new List<int>();
        var headerLengths = new List<int>();
        if (!ReadRecord(headerStarts, headerLengths, out _))
            throw new CsvFormatException(path, 0, null, "the file is empty: a header row with the column names is required.");
        var header = new string[headerStarts.Count];
        for (int c = 0; c < header.Length; c++)
        {
            var text = Encoding.UTF8.GetString(data, headerStarts[c], headerLengths[c] & ~CsvTokens.EscapedFlag);
            header[c] = (headerLengths[c] & CsvTokens.EscapedFlag) != 0 ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
        }
        MangleDuplicates(header);

        int columns = header.Length;
        int estimate = EstimateRows(data.Length - pos, pos, data.Length);
        var starts = new int[columns][];
        var lengths = new int[columns][];
        for (int c = 0; c < columns; c++) { starts[c] = new int[estimate]; lengths[c] = new int[estimate]; }
        var rowLines = new int[estimate];
        int rows = 0;
        while (ReadRecord(rowStarts, rowLengths, out int recordLine))
        {
            if (rowStarts.Count != columns)
            {
                // A lone trailing separator-free empty record cannot occur (blank lines are skipped), so any mismatch is ragged.
                throw new CsvFormatException(path, recordLine, null,
                    $"expected {columns} fields (as in the header) but found {rowStarts.Count}. Fix the row's separators or quoting.");
            }
            if (rows == rowLines.Length)
            {
                int grown = Math.Max(16, rows * 2);
                for (int c = 0; c < columns; c++) { Array.Resize(ref starts[c], grown); Array.Resize(ref lengths[c], grown); }
                Array.Resize(ref rowLines, grown);
            }
            for (int c = 0; c < columns; c++) { starts[c][rows] = rowStarts[c]; lengths[c][rows] = rowLengths[c]; }
            rowLines[rows] = recordLine;
            rows++;
        }
        return new CsvTokens { Path = path, Data = data, Header = header, RowCount = rows, Starts = starts, Lengths = lengths, RowLines = rowLines };
    }

    private static int EstimateRows(int remainingBytes, int headerBytes, int total)
    {
        // The header's length is a fair guess of a row's; overshooting a little is cheaper than regrowing.
        int perRow = Math.Max(8, headerBytes);
        long guess = (long)remainingBytes / perRow + 16;
        return (int)Math.Min(guess, int.MaxValue / 2);
    }

    /// <summary>pandas renames repeated header names <c>a, a</c> to <c>a, a.1</c> (mangle_dupe_cols).</summary>
    private static void MangleDuplicates(string[] header)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            var name = header[c];
            if (seen.Add(name)) continue;
            int k = 1;
            while (!seen.Add($"{name}.{k}")) k++;
            header[c] = $"{name}.{k}";
        }
    }
}
