using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions;

public sealed class CsvDataFrameLoaderTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("a_d2l_house_tiny", "house_tiny.csv", "read_csv.json", true)]
    [InlineData("c1_all_nan_column", "input.csv", "read_csv.json", true)]
    [InlineData("c3_empty_vs_nan", "input.csv", "read_csv_default.json", true)]
    [InlineData("c3_empty_vs_nan", "input.csv", "read_csv_keep_default_na_false.json", false)]
    [InlineData("c4_numeric_as_string", "input.csv", "read_csv.json", true)]
    [InlineData("c4_numeric_as_string", "input_bool.csv", "bool_read_csv.json", true)]
    [InlineData("c6_standardize", "input.csv", "read_csv.json", true)]
    public void Matches_pandas_read_csv(string fixture, string input, string expected, bool defaultNa)
    {
        var options = new CsvLoadOptions { NaValues = defaultNa ? PandasNaValues.Default : new HashSet<string>() };
        var df = CsvDataFrameLoader.Load(RepoPaths.Oracle(fixture, input), options);
        var oracle = OracleFrame.Load(RepoPaths.Oracle(fixture, expected));

        Assert.Equal(oracle.Columns, df.Columns.Select(c => c.Name));
        Assert.Equal(oracle.RowCount, df.Rows.Count);
        for (int c = 0; c < oracle.Columns.Length; c++)
        {
            var column = df.Columns[c];
            Assert.Equal(ExpectedKind(oracle.Dtypes[c]), KindOf(column));
            for (int r = 0; r < oracle.RowCount; r++)
                AssertSameValue(oracle.Rows[r][c], column[r], $"{oracle.Columns[c]}[{r}]");
        }
    }

    [Fact]
    public void House_prices_train_loads_like_pandas()
    {
        var df = CsvDataFrameLoader.Load(RepoPaths.HousePrices("train.csv"));
        Assert.Equal(1460, df.Rows.Count);
        Assert.Equal(81, df.Columns.Count);

        // Numeric columns and their means (NaN skipped) from the oracle's numeric_means.csv.
        var means = File.ReadAllLines(RepoPaths.Oracle("b_house_train_fillna_mean_get_dummies", "numeric_means.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        Assert.Equal(36, means.Count);
        foreach (var (name, mean) in means)
        {
            var column = df[name];
            Assert.True(column is Int64DataFrameColumn or DoubleDataFrameColumn, $"{name} is {column.DataType}");
            var values = Enumerable.Range(0, 1460).Select(r => column[r]).Where(v => v is not null).Select(System.Convert.ToDouble).ToArray();
            Assert.Equal(mean, values.Average(), 1e-9 * Math.Abs(mean));
        }
        // pandas' three float64 features are the ones with missing values; their NaN counts are the well-known ones.
        Assert.Equal(259, df["LotFrontage"].NullCount);
        Assert.Equal(8, df["MasVnrArea"].NullCount);
        Assert.Equal(81, df["GarageYrBlt"].NullCount);
        Assert.IsType<DoubleDataFrameColumn>(df["LotFrontage"]);
        Assert.IsType<Int64DataFrameColumn>(df["SalePrice"]);

        // Text columns: same sorted categories as pandas, and NaN counts equal the oracle's <col>_nan dummy sums.
        var categories = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoPaths.Oracle("b_house_train_fillna_mean_get_dummies", "categories.json")));
        var nanSums = File.ReadAllLines(RepoPaths.Oracle("b_house_train_fillna_mean_get_dummies", "column_stats.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(p => p[0].EndsWith("_nan", StringComparison.Ordinal))
            .ToDictionary(p => p[0][..^4], p => (long)double.Parse(p[2], CultureInfo.InvariantCulture));
        int textColumns = 0;
        foreach (var property in categories.RootElement.EnumerateObject())
        {
            textColumns++;
            var column = Assert.IsType<StringDataFrameColumn>(df[property.Name]);
            var expected = property.Value.EnumerateArray().Select(e => e.GetString()!).ToArray();
            var actual = Enumerable.Range(0, 1460).Select(r => column[r]).Where(v => v is not null).Distinct().Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, actual);
            Assert.Equal(nanSums[property.Name], column.NullCount);
        }
        Assert.Equal(43, textColumns);
        Assert.Equal(864, Enumerable.Range(0, 1460).Count(r => (string?)df["MasVnrType"][r] == "None")); // "None" is a value in pandas 1.5.3
    }

    [Fact]
    public void Types_are_inferred_from_all_rows_not_the_first_ten()
    {
        var csv = "a,b\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},{i}\n")) + "x,1.5\n";
        var df = CsvDataFrameLoader.LoadFromText(csv);
        Assert.IsType<StringDataFrameColumn>(df["a"]);
        Assert.IsType<DoubleDataFrameColumn>(df["b"]);
    }

    [Fact]
    public void Numbers_are_parsed_culture_invariantly()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var df = CsvDataFrameLoader.LoadFromText("x\n1.5\n2.25\n");
            Assert.Equal(1.5, df["x"][0]);
            Assert.Equal(2.25, df["x"][1]);
        }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    [Fact]
    public void Quoted_fields_may_hold_separators_quotes_and_newlines()
    {
        var df = CsvDataFrameLoader.LoadFromText("id,text\n1,\"a, \"\"b\"\"\nc\"\n2,plain\r\n");
        Assert.Equal("a, \"b\"\nc", df["text"][0]);
        Assert.Equal("plain", df["text"][1]);
        Assert.Equal(2, df.Rows.Count);
    }

    [Fact]
    public void Text_missing_is_null_and_distinct_from_an_empty_string_when_empty_is_not_a_missing_token()
    {
        var options = new CsvLoadOptions { NaValues = new HashSet<string> { "NA" } };
        var df = CsvDataFrameLoader.LoadFromText("s\na\n\nNA\n\"\"\n", options: options);
        // The blank line is skipped (pandas skip_blank_lines); quoted "" is an empty string, NA is missing.
        Assert.Equal(new object?[] { "a", null, "" }, Enumerable.Range(0, 3).Select(r => df["s"][r]).ToArray());
    }

    [Fact]
    public void As_an_IDataView_numeric_missing_is_NaN()
    {
        var ml = new MLContext(0);
        var view = ml.Data.LoadFromCsv(RepoPaths.Oracle("a_d2l_house_tiny", "house_tiny.csv"));
        var rooms = view.GetColumn<double>("NumRooms").ToArray();
        Assert.True(double.IsNaN(rooms[0]));
        Assert.Equal(2.0, rooms[1]);
        Assert.Equal(new long[] { 127500, 106000, 178100, 140000 }, view.GetColumn<long>("Price").ToArray());
    }

    [Fact]
    public void A_ragged_row_names_the_file_and_line()
    {
        var path = TempFile("a,b,c\n1,2,3\n\n4,5\n");
        var e = Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.Load(path));
        Assert.Equal(4, e.Line);
        Assert.Contains(path, e.Message);
        Assert.Contains("line 4", e.Message);
        Assert.Contains("expected 3 fields", e.Message);
    }

    [Fact]
    public void A_large_file_tokenised_in_parallel_reports_the_first_ragged_line()
    {
        // Over 1 MiB without quotes, so the body is split across cores; two bad rows, the first one must be named.
        var text = new System.Text.StringBuilder("a,b,c\n");
        for (int i = 0; i < 120_000; i++) text.Append(i).Append(",1.5,x\n");
        var lines = text.ToString().Split('\n');
        lines[30_000] = "1,2";
        lines[110_000] = "1,2,3,4";
        var path = TempFile(string.Join('\n', lines));
        var e = Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.Load(path));
        Assert.Equal(30_001, e.Line);

        lines[30_000] = "5,1.5,x";
        lines[110_000] = "6,1.5,x";
        var df = CsvDataFrameLoader.Load(TempFile(string.Join('\n', lines)));
        Assert.Equal(120_000, df.Rows.Count);
        Assert.Equal(5L, df["a"][29_999]);
        Assert.Equal(119_999L, df["a"][119_999]);
    }

    [Fact]
    public void A_row_with_too_many_fields_is_an_error()
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.LoadFromText("a,b\n1,2\n3,4,5\n", "t.csv"));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void An_unclosed_quote_names_its_line()
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.LoadFromText("a,b\n1,2\n3,\"oops\n4,5\n", "t.csv"));
        Assert.Equal(3, e.Line);
        Assert.Contains("never closed", e.Message);
    }

    [Fact]
    public void A_value_contradicting_a_forced_type_names_line_and_column()
    {
        var options = new CsvLoadOptions { ColumnTypes = new Dictionary<string, CsvColumnKind> { ["price"] = CsvColumnKind.Double } };
        var e = Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.LoadFromText("id,price\n1,10\n2,cheap\n", "p.csv", options));
        Assert.Equal(3, e.Line);
        Assert.Equal("price", e.Column);
        Assert.Contains("'cheap'", e.Message);
    }

    [Fact]
    public void Forcing_a_column_that_does_not_exist_is_an_error()
    {
        var options = new CsvLoadOptions { ColumnTypes = new Dictionary<string, CsvColumnKind> { ["nope"] = CsvColumnKind.String } };
        var e = Assert.Throws<ArgumentException>(() => CsvDataFrameLoader.LoadFromText("a\n1\n", "p.csv", options));
        Assert.Contains("'nope'", e.Message);
    }

    [Fact]
    public void Missing_and_empty_files_are_clear_errors()
    {
        Assert.Throws<FileNotFoundException>(() => CsvDataFrameLoader.Load("/no/such/file.csv"));
        var e = Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.Load(TempFile("")));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Column_names_are_read_from_the_header_alone_even_with_quoted_line_breaks()
    {
        Assert.Equal(["a", "b"], CsvDataFrameLoader.ReadColumnNames(TempFile("a,b\r\n1,2\n")));
        Assert.Equal(["a", "two\nlines", "a.1"], CsvDataFrameLoader.ReadColumnNames(TempFile("a,\"two\nlines\",a\n1,2,3\n")));
    }

    [Fact]
    public void Duplicate_header_names_are_mangled_like_pandas()
    {
        var df = CsvDataFrameLoader.LoadFromText("a,a,a\n1,2,3\n");
        Assert.Equal(new[] { "a", "a.1", "a.2" }, df.Columns.Select(c => c.Name));
    }

    private string TempFile(string content) => _dir.Write($"{Guid.NewGuid():N}.csv", content);

    private static CsvColumnKind ExpectedKind(string dtype) => dtype switch
    {
        "int64" => CsvColumnKind.Int64,
        "float64" => CsvColumnKind.Double,
        "bool" => CsvColumnKind.Boolean,
        "object" => CsvColumnKind.String,
        _ => throw new NotSupportedException(dtype),
    };

    private static CsvColumnKind KindOf(DataFrameColumn column) => column switch
    {
        Int64DataFrameColumn => CsvColumnKind.Int64,
        DoubleDataFrameColumn => CsvColumnKind.Double,
        BooleanDataFrameColumn => CsvColumnKind.Boolean,
        StringDataFrameColumn => CsvColumnKind.String,
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    private static void AssertSameValue(object? expected, object? actual, string where)
    {
        switch (expected)
        {
            case null: Assert.True(actual is null, $"{where}: expected missing, got {actual}"); break;
            case bool b when actual is string text:
                // pandas keeps Python bools in an object column that has NaN; their text is True/False.
                Assert.True(text == (b ? "True" : "False"), $"{where}: expected {b}, got {text}"); break;
            case double d: Assert.True(actual is not null && System.Convert.ToDouble(actual) == d, $"{where}: expected {d}, got {actual}"); break;
            default: Assert.True(Equals(expected, actual), $"{where}: expected {expected}, got {actual}"); break;
        }
    }
}
