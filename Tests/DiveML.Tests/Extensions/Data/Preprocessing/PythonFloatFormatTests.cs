using DiveML.Extensions.Preprocessing;
using FsCheck.Xunit;

namespace DiveML.Tests.Extensions;

public class PythonFloatFormatTests
{
    [Theory]
    [InlineData(3.0, "3.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(70.04995836802665, "70.04995836802665")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345678901234568e17, "1.2345678901234568e+17")]
    [InlineData(9999999999999998.0, "9999999999999998.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(123456.0, "123456.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Matches_python_repr(double value, string expected) => Assert.Equal(expected, PythonFloatFormat.Repr(value));

    // numpy 1.24's repr(np.float32(v)), which pandas 1.5.3's to_csv writes for a float32 column.
    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(1f / 3, "0.33333334")]
    [InlineData(1e16f, "1e+16")]
    [InlineData(16777216f, "16777216.0")]
    [InlineData(3.4028235e38f, "3.4028235e+38")]
    [InlineData(1e-5f, "1e-05")]
    [InlineData(123456.7f, "123456.7")]
    [InlineData(2.5e-7f, "2.5e-07")]
    public void Single_values_match_numpy_float32_repr(float value, string expected) => Assert.Equal(expected, PythonFloatFormat.Repr(value));

    [Fact]
    public void A_single_column_is_written_as_pandas_writes_float32()
    {
        var ml = new Microsoft.ML.MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { 0.1f, 1f / 3, 1e16f, float.NaN }.Select(v => new SingleRow { A = v }));
        var text = new StringWriter();
        PandasCsvWriter.WriteTo(data, ["A"], text);
        Assert.Equal("A\n0.1\n0.33333334\n1e+16\n\n", text.ToString());
    }

    private sealed class SingleRow
    {
        public float A { get; set; }
    }
}

public class CsvNumberParsingTests
{
    [Property(MaxTest = 2000)]
    public bool Parsing_a_number_s_text_gives_the_same_double_as_the_full_parser(double value, byte decimals)
    {
        if (!double.IsFinite(value)) return true;
        foreach (var text in new[] { value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), value.ToString("F" + decimals % 12, System.Globalization.CultureInfo.InvariantCulture) })
        {
            var df = DiveML.Extensions.Data.CsvDataFrameLoader.LoadFromText($"x,y\n{text},1.5\n0,2\n");
            double expected = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            var parsed = df["x"][0];
            // "-0" is an integer to pandas (int64 0): compare integer columns by value, float columns bit for bit.
            if (parsed is long l ? l != expected : BitConverter.DoubleToInt64Bits(System.Convert.ToDouble(parsed)) != BitConverter.DoubleToInt64Bits(expected)) return false;
        }
        return true;
    }
}
