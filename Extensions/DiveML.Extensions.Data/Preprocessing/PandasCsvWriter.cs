using System.Globalization;
using System.Text;
using DiveML.Extensions.IO;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Preprocessing;

/// <summary>
/// Writes an <see cref="IDataView"/> as pandas' <c>to_csv(index=False)</c> would: floats in Python's repr, integers
/// as integers, booleans as True/False, indicator vectors as 0/1 with their slot names as headers, minimal quoting.
/// The file appears atomically: it is written beside the target and renamed, so an error leaves no partial file.
/// </summary>
public static class PandasCsvWriter
{
    /// <summary>Writes <paramref name="columns"/> of <paramref name="data"/> to <paramref name="path"/>.</summary>
    /// <param name="data">The table.</param>
    /// <param name="columns">Columns to write, in order; a vector column contributes one CSV column per slot (named by its slot names).</param>
    /// <param name="path">Target file; replaced only once the whole file is written.</param>
    /// <param name="naRep">Text of a missing value (pandas' <c>na_rep</c>, default empty).</param>
    /// <param name="integerColumns">
    /// Double columns that hold integers to be written as such (pandas' int64): a column that was integer in the file
    /// and became Double only because a transform can fill missing values in it. Default none.
    /// </param>
    /// <returns>The number of data rows written.</returns>
    public static long Write(IDataView data, IReadOnlyList<string> columns, string path, string naRep = "", IReadOnlyCollection<string>? integerColumns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return AtomicFile.Write(path, writer => WriteTo(data, columns, writer, naRep, integerColumns));
    }

    /// <summary>Writes the CSV text to <paramref name="writer"/>; returns the number of data rows.</summary>
    /// <param name="data">The table.</param>
    /// <param name="columns">Columns to write, in order.</param>
    /// <param name="writer">Where the text goes.</param>
    /// <param name="naRep">Text of a missing value.</param>
    /// <param name="integerColumns">Double columns written as integers (see <see cref="Write"/>).</param>
    public static long WriteTo(IDataView data, IReadOnlyList<string> columns, TextWriter writer, string naRep = "", IReadOnlyCollection<string>? integerColumns = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(writer);
        if (naRep.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            throw new ArgumentException($"The missing-value text '{naRep}' holds a comma, a quote or a line break, which would add fields to every row that has a missing value. Choose another text.", nameof(naRep));
        var schemaColumns = columns.Select(c => data.Schema.GetColumnOrNull(c)
            ?? throw new ArgumentException($"Column '{c}' is not in the data.")).ToArray();
        var header = new List<string>();
        foreach (var column in schemaColumns)
        {
            if (column.Type is VectorDataViewType vector)
            {
                if (!column.HasSlotNames())
                    throw new ArgumentException($"Vector column '{column.Name}' has no slot names to use as CSV headers.");
                VBuffer<ReadOnlyMemory<char>> names = default;
                column.GetSlotNames(ref names);
                header.AddRange(names.DenseValues().Select(n => n.ToString()));
            }
            else header.Add(column.Name);
        }
        writer.Write(string.Join(',', header.Select(CsvQuoting.Quote)));
        writer.Write('\n');

        using var cursor = SerialCursor.Open(data, schemaColumns);
        var writers = schemaColumns.Select(c => CellWriter(cursor, c, naRep, integerColumns?.Contains(c.Name) == true)).ToArray();
        long rows = 0;
        var line = new StringBuilder(1024);
        while (cursor.MoveNext())
        {
            line.Clear();
            for (int i = 0; i < writers.Length; i++)
            {
                if (i > 0) line.Append(',');
                writers[i](line);
            }
            line.Append('\n');
            writer.Write(line);
            rows++;
        }
        return rows;
    }

    private static Action<StringBuilder> CellWriter(DataViewRowCursor cursor, DataViewSchema.Column column, string naRep, bool asInteger)
    {
        var type = column.Type;
        if (type == NumberDataViewType.Double && asInteger)
        {
            var get = cursor.GetGetter<double>(column);
            double v = 0;
            return sb =>
            {
                get(ref v);
                if (!(Math.Round(v) == v && Math.Abs(v) <= 9007199254740992.0))
                    throw new InvalidOperationException($"Column '{column.Name}' should hold integers but holds {PythonFloatFormat.Repr(v)}.");
                sb.Append(((long)v).ToString(CultureInfo.InvariantCulture));
            };
        }
        if (type == NumberDataViewType.Double)
        {
            var get = cursor.GetGetter<double>(column);
            double v = 0;
            return sb => { get(ref v); sb.Append(double.IsNaN(v) ? naRep : PythonFloatFormat.Repr(v)); };
        }
        if (type == NumberDataViewType.Single)
        {
            var get = cursor.GetGetter<float>(column);
            float v = 0;
            return sb => { get(ref v); sb.Append(float.IsNaN(v) ? naRep : PythonFloatFormat.Repr(v)); };
        }
        if (type == NumberDataViewType.Int64)
        {
            var get = cursor.GetGetter<long>(column);
            long v = 0;
            return sb => { get(ref v); sb.Append(v.ToString(CultureInfo.InvariantCulture)); };
        }
        if (type == NumberDataViewType.Int32)
        {
            var get = cursor.GetGetter<int>(column);
            int v = 0;
            return sb => { get(ref v); sb.Append(v.ToString(CultureInfo.InvariantCulture)); };
        }
        if (type == BooleanDataViewType.Instance)
        {
            var get = cursor.GetGetter<bool>(column);
            bool v = false;
            return sb => { get(ref v); sb.Append(v ? "True" : "False"); };
        }
        if (type is TextDataViewType)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> v = default;
            return sb => { get(ref v); sb.Append(v.Length == 0 ? naRep : CsvQuoting.Quote(v.ToString())); };
        }
        if (type is VectorDataViewType { ItemType: NumberDataViewType } vector && vector.ItemType == NumberDataViewType.Single)
        {
            var get = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> v = default;
            return sb =>
            {
                get(ref v);
                int k = 0;
                foreach (var x in v.DenseValues())
                {
                    if (k++ > 0) sb.Append(',');
                    // Indicators are exactly 0 or 1: pandas writes its uint8 dummies as integers.
                    if (x == 0f) sb.Append('0'); else if (x == 1f) sb.Append('1'); else sb.Append(PythonFloatFormat.Repr(x));
                }
            };
        }
        throw new ArgumentException($"Column '{column.Name}' has type {type}, which the pandas CSV writer does not handle.");
    }
}
