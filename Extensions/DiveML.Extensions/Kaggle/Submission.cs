using System.Globalization;
using System.Text;
using DiveML.Extensions.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>Writes <c>&lt;id&gt;,&lt;label&gt;</c> per row, in row order, as Kaggle expects; atomically (no partial file on error).</summary>
public static class Submission
{
    /// <summary>Writes one line per row of <paramref name="scored"/>: its id and its prediction. Returns the row count.</summary>
    /// <param name="scored">Scored test rows.</param>
    /// <param name="idColumn">The id column, copied verbatim.</param>
    /// <param name="labelName">The header of the prediction column (the label's name in the training file).</param>
    /// <param name="predictionColumn">The scored column holding the prediction (text or number).</param>
    /// <param name="path">The CSV file to create or replace.</param>
    public static int Write(IDataView scored, string idColumn, string labelName, string predictionColumn, string path)
    {
        var id = scored.Schema.GetColumnOrNull(idColumn) ?? throw new ArgumentException($"The data has no id column '{idColumn}'.");
        var prediction = scored.Schema.GetColumnOrNull(predictionColumn) ?? throw new ArgumentException($"The scored data has no column '{predictionColumn}'.");
        var text = new StringBuilder();
        text.Append(CsvQuoting.Quote(idColumn)).Append(',').Append(CsvQuoting.Quote(labelName)).Append('\n');
        int rows = 0;
        using (var cursor = scored.GetRowCursor([id, prediction]))
        {
            var readId = TextReader(cursor, id);
            var readPrediction = TextReader(cursor, prediction);
            while (cursor.MoveNext())
            {
                text.Append(CsvQuoting.Quote(readId())).Append(',').Append(CsvQuoting.Quote(readPrediction())).Append('\n');
                rows++;
            }
        }
        return AtomicFile.Write(path, writer => { writer.Write(text); return rows; });
    }

    private static Func<string> TextReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> v = default;
            return () => { get(ref v); return v.ToString(); };
        }
        if (column.Type == NumberDataViewType.Single)
        {
            var get = cursor.GetGetter<float>(column);
            float v = 0;
            return () => { get(ref v); return v.ToString("R", CultureInfo.InvariantCulture); };
        }
        if (column.Type == NumberDataViewType.Double)
        {
            var get = cursor.GetGetter<double>(column);
            double v = 0;
            return () => { get(ref v); return v.ToString("R", CultureInfo.InvariantCulture); };
        }
        throw new ArgumentException($"Column '{column.Name}' is {column.Type}; expected text or a number.");
    }
}
