using System.Buffers;
using System.Text;

namespace DiveML.Extensions.Data;

/// <summary>
/// Splits RFC 4180 CSV bytes into fields: quoted fields may hold separators, newlines and <c>""</c> escapes; LF, CRLF
/// and a lone CR (old Mac files) end lines, as in pandas' C parser, even mixed in one file; blank lines are skipped (as
/// pandas' <c>skip_blank_lines</c>); a row whose field count differs from the header's is an error naming its line;
/// empty header names become <c>Unnamed: i</c> and repeated ones are mangled, as pandas does. A file without any quote
/// is split at line ends and tokenised in parallel.
/// </summary>
internal static class CsvTokenizer
{
    public static CsvTokens Tokenize(byte[] data, string path, char separator)
    {
        if (separator > 127 || separator == '"' || separator == '\n' || separator == '\r')
            throw new ArgumentException($"Separator '{separator}' is not supported: use a single ASCII character other than a quote or a line break.", nameof(separator));
        int bom = data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
        var headerReader = new RangeReader(data, bom, data.Length, 1, (byte)separator, path);
        var headerStarts = new List<int>();
        var headerLengths = new List<int>();
        if (!headerReader.ReadRecord(headerStarts, headerLengths, out _))
            throw new CsvFormatException(path, 0, null, "the file is empty: a header row with the column names is required.");
        var header = new string[headerStarts.Count];
        var unnamed = new List<int>();
        for (int c = 0; c < header.Length; c++)
        {
            var text = Encoding.UTF8.GetString(data, headerStarts[c], headerLengths[c] & ~CsvTokens.EscapedFlag);
            header[c] = (headerLengths[c] & CsvTokens.EscapedFlag) != 0 ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
            // pandas names an empty header field after its position (to_csv writes one for an unnamed index).
            if (header[c].Length == 0) { header[c] = $"Unnamed: {c}"; unnamed.Add(c); }
        }
        MangleDuplicates(header, unnamed);

        int bodyStart = headerReader.Position;
        var parts = SplitAtLineEnds(data, bodyStart, headerReader.Line);
        var results = new Part[parts.Count];
        ParallelCsv.For(parts.Count, p =>
        {
            var (from, to, line) = parts[p];
            results[p] = new RangeReader(data, from, to, line, (byte)separator, path).ReadAll(header.Length, headerBytes: bodyStart - bom);
        });
        return Merge(path, data, header, results);
    }

    /// <summary>
    /// Without quotes a line end always ends a record, so the body can be cut into one part per core at line ends;
    /// with quotes (which may hide line ends) it stays one part. A file whose header ends with a lone CR (old Mac line
    /// ends) stays one part too, so its line numbers count CRs; the cut points (and the line numbers of later parts)
    /// count LFs, which is exact for LF and CRLF files; in a file that mixes a lone CR into LF lines the rows are still
    /// right and only the line numbers in messages can be low.
    /// </summary>
    private static List<(int From, int To, int Line)> SplitAtLineEnds(byte[] data, int start, int firstLine)
    {
        int count = Environment.ProcessorCount;
        var body = data.AsSpan(start);
        if (count <= 1 || body.Length < 1 << 20 || data[start - 1] == '\r' || body.IndexOf((byte)'"') >= 0)
            return [(start, data.Length, firstLine)];
        var parts = new List<(int, int, int)>();
        int from = start, line = firstLine;
        for (int k = 1; k < count && from < data.Length; k++)
        {
            int target = start + (int)((long)body.Length * k / count);
            if (target <= from) continue;
            int newline = data.AsSpan(target).IndexOf((byte)'\n');
            if (newline < 0) break;
            int to = target + newline + 1;
            parts.Add((from, to, line));
            line += data.AsSpan(from, to - from).Count((byte)'\n');
            from = to;
        }
        parts.Add((from, data.Length, line));
        return parts;
    }

    private static CsvTokens Merge(string path, byte[] data, string[] header, Part[] parts)
    {
        int rows = parts.Sum(p => p.Rows);
        int columns = header.Length;
        if (parts.Length == 1 && parts[0].RowLines.Length == rows)
            return new CsvTokens { Path = path, Data = data, Header = header, RowCount = rows, Starts = parts[0].Starts, Lengths = parts[0].Lengths, RowLines = parts[0].RowLines };
        var starts = new int[columns][];
        var lengths = new int[columns][];
        Parallel.For(0, columns, c =>
        {
            starts[c] = new int[rows];
            lengths[c] = new int[rows];
            int offset = 0;
            foreach (var part in parts)
            {
                Array.Copy(part.Starts[c], 0, starts[c], offset, part.Rows);
                Array.Copy(part.Lengths[c], 0, lengths[c], offset, part.Rows);
                offset += part.Rows;
            }
        });
        var rowLines = new int[rows];
        int at = 0;
        foreach (var part in parts) { Array.Copy(part.RowLines, 0, rowLines, at, part.Rows); at += part.Rows; }
        return new CsvTokens { Path = path, Data = data, Header = header, RowCount = rows, Starts = starts, Lengths = lengths, RowLines = rowLines };
    }

    private sealed record Part(int Rows, int[][] Starts, int[][] Lengths, int[] RowLines);

    /// <summary>Reads records from <c>data[pos..end)</c>.</summary>
    private sealed class RangeReader(byte[] data, int pos, int end, int line, byte sep, string path)
    {
        private readonly SearchValues<byte> _stops = SearchValues.Create([sep, (byte)'\n', (byte)'\r']);

        public int Position => pos;
        public int Line => line;

        public Part ReadAll(int columns, int headerBytes)
        {
            // The header's length is a fair guess of a row's; overshooting a little is cheaper than regrowing.
            int estimate = (int)Math.Min((long)(end - pos) / Math.Max(8, headerBytes) + 16, int.MaxValue / 2);
            var starts = new int[columns][];
            var lengths = new int[columns][];
            for (int c = 0; c < columns; c++) { starts[c] = new int[estimate]; lengths[c] = new int[estimate]; }
            var rowLines = new int[estimate];
            var recordStarts = new List<int>(columns);
            var recordLengths = new List<int>(columns);
            int rows = 0;
            while (ReadRecord(recordStarts, recordLengths, out int recordLine))
            {
                if (recordStarts.Count != columns)
                    throw new CsvFormatException(path, recordLine, null,
                        $"expected {columns} fields (as in the header) but found {recordStarts.Count}. Fix the row's separators or quoting.");
                if (rows == rowLines.Length)
                {
                    int grown = Math.Max(16, rows * 2);
                    for (int c = 0; c < columns; c++) { Array.Resize(ref starts[c], grown); Array.Resize(ref lengths[c], grown); }
                    Array.Resize(ref rowLines, grown);
                }
                for (int c = 0; c < columns; c++) { starts[c][rows] = recordStarts[c]; lengths[c][rows] = recordLengths[c]; }
                rowLines[rows] = recordLine;
                rows++;
            }
            return new Part(rows, starts, lengths, rowLines);
        }

        /// <summary>Reads one record into the two lists; returns false at the end of the range.</summary>
        public bool ReadRecord(List<int> starts, List<int> lengths, out int recordLine)
        {
            // Skip blank lines: LF, CRLF or a lone CR.
            while (pos < end && data[pos] is (byte)'\n' or (byte)'\r')
            {
                pos += data[pos] == '\r' && pos + 1 < end && data[pos + 1] == '\n' ? 2 : 1;
                line++;
            }
            recordLine = line;
            if (pos >= end) return false;
            starts.Clear();
            lengths.Clear();
            while (true)
            {
                if (pos < end && data[pos] == '"')
                {
                    int quoteLine = line;
                    int contentStart = pos + 1;
                    int i = contentStart;
                    bool escaped = false;
                    while (true)
                    {
                        int q = data.AsSpan(i, end - i).IndexOf((byte)'"');
                        if (q < 0)
                            throw new CsvFormatException(path, quoteLine, null, "a quoted field is never closed (missing '\"'). Check the quoting of this row.");
                        line += LineEnds(data.AsSpan(i, q));
                        i += q;
                        if (i + 1 < end && data[i + 1] == '"') { escaped = true; i += 2; continue; }
                        break;
                    }
                    starts.Add(contentStart);
                    lengths.Add((i - contentStart) | (escaped ? CsvTokens.EscapedFlag : 0));
                    pos = i + 1;
                    if (pos >= end) return true;
                    if (data[pos] == sep) { pos++; continue; }
                    if (data[pos] is (byte)'\n' or (byte)'\r') { EndLine(); return true; }
                    throw new CsvFormatException(path, line, null, $"unexpected character '{(char)data[pos]}' after a closing quote. Quote the whole field or escape inner quotes as \"\".");
                }
                else
                {
                    // The field ends at the separator or a line end (LF, or CR alone or before LF).
                    int rel = data.AsSpan(pos, end - pos).IndexOfAny(_stops);
                    if (rel < 0)
                    {
                        starts.Add(pos);
                        lengths.Add(end - pos);
                        pos = end;
                        return true;
                    }
                    int stop = pos + rel;
                    starts.Add(pos);
                    lengths.Add(rel);
                    pos = stop;
                    if (data[stop] == sep) { pos++; continue; }
                    EndLine();
                    return true;
                }
            }
        }

        /// <summary>Steps over the line end at <c>pos</c>: LF, CRLF or a lone CR.</summary>
        private void EndLine()
        {
            pos += data[pos] == '\r' && pos + 1 < end && data[pos + 1] == '\n' ? 2 : 1;
            line++;
        }

        /// <summary>Line ends inside a quoted field: LF, CRLF or a lone CR (a CR at the span's end counts as one).</summary>
        private static int LineEnds(ReadOnlySpan<byte> span)
        {
            int count = span.Count((byte)'\n');
            int cr = span.IndexOf((byte)'\r');
            if (cr < 0) return count;
            for (int k = cr; k < span.Length; k++)
                if (span[k] == '\r' && (k + 1 == span.Length || span[k + 1] != '\n')) count++;
            return count;
        }
    }

    /// <summary>
    /// pandas 1.5.3's C parser mangling of repeated header names (<c>mangle_dupe_cols</c>): <c>a, a</c> become
    /// <c>a, a.1</c>, a generated name never takes one that appears later in the header (<c>a, a, a.1</c> become
    /// <c>a, a.2, a.1</c>), and named columns are served before the <c>Unnamed: i</c> ones.
    /// </summary>
    internal static void MangleDuplicates(string[] header, IReadOnlyList<int> unnamed)
    {
        var isUnnamed = new HashSet<int>(unnamed);
        var order = Enumerable.Range(0, header.Length).Where(i => !isUnnamed.Contains(i)).Concat(unnamed);
        // 'col in this_header' in pandas looks at the current names, which change as the loop renames them.
        var present = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in header) present[name] = present.GetValueOrDefault(name) + 1;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (int i in order)
        {
            string col = header[i], old = col;
            int current = counts.GetValueOrDefault(col);
            if (current > 0)
            {
                while (current > 0)
                {
                    counts[old] = current + 1;
                    col = $"{old}.{current}";
                    current = present.GetValueOrDefault(col) > 0 ? current + 1 : counts.GetValueOrDefault(col);
                }
                present[old]--;
                present[col] = present.GetValueOrDefault(col) + 1;
                header[i] = col;
            }
            counts[col] = current + 1;
        }
    }
}
