using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Extensions.Preprocessing;
using Microsoft.ML;

namespace DiveML.Tests.Support;

/// <summary>
/// Runs DiveML's pandas pipeline (read_csv → fillna(mean) → get_dummies(dummy_na=True)) and renders both its output and
/// a pandas oracle table as the same CSV text cells, so a test compares them cell by cell.
/// </summary>
public static class PandasRun
{
    public static (string[] Header, string[][] Rows) Preprocess(IDataView data, IEnumerable<string>? exclude = null, MLContext? ml = null)
    {
        ml ??= new MLContext(0);
        var plan = PandasPreprocessing.Plan(data.Schema, exclude);
        var model = plan.CreateEstimator(ml).Fit(data);
        return Render(model.Transform(data), plan.OutputColumns, plan.IntegerColumns(data.Schema));
    }

    public static (string[] Header, string[][] Rows) Render(IDataView view, IReadOnlyList<string> columns, IReadOnlyCollection<string>? integerColumns = null)
    {
        var text = new StringWriter();
        PandasCsvWriter.WriteTo(view, columns, text, naRep: "NaN", integerColumns: integerColumns);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (SplitCsv(lines[0]), lines.Skip(1).Select(SplitCsv).ToArray());
    }

    public static (string[] Header, string[][] Rows) Expected(OracleFrame oracle)
    {
        var rows = oracle.Rows.Select(r => r.Select((v, c) => Cell(v, oracle.Dtypes[c])).ToArray()).ToArray();
        return (oracle.Columns, rows);
    }

    public static void AssertSame(OracleFrame oracle, (string[] Header, string[][] Rows) actual)
    {
        var expected = Expected(oracle);
        Assert.Equal(expected.Header, actual.Header);
        Assert.Equal(expected.Rows.Length, actual.Rows.Length);
        for (int r = 0; r < expected.Rows.Length; r++)
            for (int c = 0; c < expected.Header.Length; c++)
                Assert.True(expected.Rows[r][c] == actual.Rows[r][c],
                    $"row {r}, column '{expected.Header[c]}': pandas {expected.Rows[r][c]}, DiveML {actual.Rows[r][c]}");
    }

    private static string Cell(object? value, string dtype) => value switch
    {
        null => "NaN",
        bool b => b ? "True" : "False",
        double d when dtype is "int64" or "uint8" => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => PythonFloatFormat.Repr(d),
        string s => s,
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    /// <summary>Minimal RFC 4180 split of one line (fields may be quoted with "" escapes).</summary>
    public static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }

    public static IDataView LoadCsv(string path, CsvLoadOptions? options = null) => CsvDataFrameLoader.Load(path, options);
}
