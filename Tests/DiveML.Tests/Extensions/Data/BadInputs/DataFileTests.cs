using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using DiveML.Extensions.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions.BadInputs;

/// <summary>
/// docs/bad-inputs.md, "Data files" (CSV): one test per row, named after the row's id. Expected results are pandas
/// 1.5.3's (Debian's python3-pandas, <c>/usr/bin/python3 -c 'import pandas as pd; pd.read_csv(...)'</c>), written here
/// as literals; where pandas raises, DiveML refuses with a message naming the file, the line and what to do.
/// </summary>
public class DataFileTests
{
    private static CsvTable Load(string path, CsvLoadOptions? options = null) => CsvDataFrameLoader.LoadTable(path, options);

    private static string[] Column(CsvTable table, string name)
    {
        var view = table.ToDataView();
        var column = view.Schema[name];
        return column.Type switch
        {
            TextDataViewType => view.GetColumn<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray(),
            _ when column.Type == NumberDataViewType.Int64 => view.GetColumn<long>(column).Select(v => v.ToString()).ToArray(),
            _ when column.Type == NumberDataViewType.Double => view.GetColumn<double>(column).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            _ => view.GetColumn<bool>(column).Select(v => v.ToString()).ToArray(),
        };
    }

    [Fact]
    public void D01_old_Mac_CR_line_ends_are_line_ends_as_in_pandas()
    {
        using var dir = new ScratchFolder();
        // pandas: a b / 1 x / 2 "x\ry" (a CR inside quotes is kept) / 3 z
        var table = Load(dir.Write("cr.csv", "a,b\r1,x\r2,\"x\ry\"\r3,z\r"));
        Assert.Equal(["a", "b"], table.Names);
        Assert.Equal(3, table.RowCount);
        Assert.Equal(["1", "2", "3"], Column(table, "a"));
        Assert.Equal(["x", "x\ry", "z"], Column(table, "b"));
        Assert.Equal(["a", "b"], CsvDataFrameLoader.ReadColumnNames(dir["cr.csv"]));
    }

    [Fact]
    public void D02_mixed_LF_CRLF_and_CR_line_ends_in_one_file_read_as_pandas()
    {
        using var dir = new ScratchFolder();
        // pandas: rows (1, x), (2, y), (3, z); a blank CR line is skipped.
        var table = Load(dir.Write("mixed.csv", "a,b\r\n1,x\r\r2,y\n3,z\r\n"));
        Assert.Equal(["1", "2", "3"], Column(table, "a"));
        Assert.Equal(["x", "y", "z"], Column(table, "b"));
        // A lone CR in an LF file ends the line there (pandas: rows (1, x) and (2, y), not one value "x\r2").
        var e = Assert.Throws<CsvFormatException>(() => Load(dir.Write("stray.csv", "a,b\n1,x\r2,y,z\n")));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void D03_Latin1_bytes_are_refused_with_line_byte_offset_and_the_iconv_command()
    {
        using var dir = new ScratchFolder();
        // pandas: UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 9. café and cafè must never merge.
        var path = dir.Write("latin1.csv", Encoding.Latin1.GetBytes("a,b\n1,caf\u00e9\n2,caf\u00e8\n"));
        var e = Assert.Throws<CsvFormatException>(() => Load(path));
        Assert.Equal(2, e.Line);
        Assert.Contains(path, e.Message);
        Assert.Contains("byte 0xE9 at byte offset 9", e.Message);
        Assert.Contains("iconv -f latin1 -t utf-8", e.Message);
        Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.ReadColumnNames(dir.Write("latin1-header.csv", Encoding.Latin1.GetBytes("caf\u00e9,b\n1,2\n"))));
    }

    [Fact]
    public void D04_a_UTF8_byte_order_mark_is_stripped_as_pandas_does()
    {
        using var dir = new ScratchFolder();
        // pandas: columns ['a', 'b'] (already handled before issue 15: a regression test).
        var path = dir.Write("bom.csv", [0xEF, 0xBB, 0xBF, .. "a,b\n1,2\n"u8.ToArray()]);
        Assert.Equal(["a", "b"], Load(path).Names);
        Assert.Equal(["a", "b"], CsvDataFrameLoader.ReadColumnNames(path));
    }

    [Fact]
    public void D05_UTF16_text_is_refused_with_the_iconv_command()
    {
        using var dir = new ScratchFolder();
        // pandas: UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0.
        var e = Assert.Throws<CsvFormatException>(() => Load(dir.Write("utf16.csv", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\n1,x\n")).ToArray())));
        Assert.Contains("UTF-16", e.Message);
        Assert.Contains("iconv -f utf-16 -t utf-8", e.Message);
    }

    [Fact]
    public void D06_a_gzipped_csv_is_decompressed_by_its_name_as_pandas_does()
    {
        using var dir = new ScratchFolder();
        // pandas infers gzip from ".gz" (any case) and reads concatenated gzip members: rows (1, x), (2, y).
        var path = dir.Write("train.csv.GZ", [.. Gzip("a,b\n1,x\n"), .. Gzip("2,y\n")]);
        var table = Load(path);
        Assert.Equal(["1", "2"], Column(table, "a"));
        Assert.Equal(["x", "y"], Column(table, "b"));
        Assert.Equal(["a", "b"], CsvDataFrameLoader.ReadColumnNames(path));
    }

    [Fact]
    public void D07_a_zip_holding_one_csv_is_read_and_any_other_zip_is_refused_as_pandas_does()
    {
        using var dir = new ScratchFolder();
        Assert.Equal(["x"], Column(Load(dir.Write("one.zip", Zip(("inner.csv", "a,b\n1,x\n")))), "b"));
        // pandas: ValueError: Multiple files found in ZIP file. Only one file per ZIP: ['x.csv', 'y.csv']
        var e = Assert.Throws<CsvFormatException>(() => Load(dir.Write("two.zip", Zip(("x.csv", "a\n1\n"), ("y.csv", "a\n2\n")))));
        Assert.Contains("x.csv, y.csv", e.Message);
        // pandas: ValueError: Zero files found in ZIP file
        Assert.Contains("empty", Assert.Throws<CsvFormatException>(() => Load(dir.Write("none.zip", Zip()))).Message);
    }

    [Theory]
    [InlineData("train.csv.bz2", "bunzip2")]
    [InlineData("train.csv.xz", "unxz")]
    [InlineData("train.csv.zst", "unzstd")]
    [InlineData("train.tar.gz", "tar -xf")]
    public void D08_other_compressions_are_refused_with_the_command_that_decompresses_them(string name, string command)
    {
        using var dir = new ScratchFolder();
        var path = dir.Write(name, "a,b\n1,x\n");
        var e = Assert.Throws<CsvFormatException>(() => Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(command, e.Message);
    }

    [Fact]
    public void D09_gzip_content_under_a_csv_name_is_refused_and_named()
    {
        using var dir = new ScratchFolder();
        // pandas decides by the name and raises UnicodeDecodeError (byte 0x8b in position 1).
        var e = Assert.Throws<CsvFormatException>(() => Load(dir.Write("train.csv", Gzip("a,b\n1,x\n"))));
        Assert.Contains("gzip-compressed", e.Message);
        Assert.Contains("rename it to end in .gz", e.Message);
    }

    [Fact]
    public void D10_a_pipe_of_unknown_length_is_read_and_can_be_read_again()
    {
        // './dive kaggle --train <(cat train.csv)': a pipe has no length and can be read once, but a command reads the
        // header, then the rows (and the Kaggle loader the rows twice).
        using var dir = new ScratchFolder();
        var fifo = dir["pipe.csv"];
        using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        var writer = new Thread(() =>
        {
            try { File.WriteAllText(fifo, "a,b\n1,x\n2,y\n"); }
            catch (IOException) { } // the reader closed the pipe early: the assertions below say why
        }) { IsBackground = true };
        writer.Start();
        Assert.Equal(["a", "b"], CsvDataFrameLoader.ReadColumnNames(fifo));
        Assert.True(writer.Join(TimeSpan.FromSeconds(30)), "the pipe was not read to its end");
        Assert.Equal(["x", "y"], Column(Load(fifo), "b"));
        Assert.Equal(["1", "2"], Column(Load(fifo), "a"));
    }

    [Fact]
    public void D11_dev_zero_is_refused_after_its_first_megabyte_not_read_until_memory_runs_out()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CsvFormatException>(() => Load("/dev/zero"));
        Assert.Contains("NUL byte at byte offset 0", e.Message);
        Assert.Contains("binary", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "more than 16 MiB allocated before refusing");
    }

    [Fact]
    public void D12_a_stream_larger_than_the_loader_can_hold_is_refused()
    {
        // The real bound is 2 GiB (the tokens are 32-bit offsets); the same code with a 1 MiB bound.
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(new string('x', (1 << 20) + 10)));
        var e = Assert.Throws<CsvFormatException>(() => CsvFileReader.ReadStream(stream, -1, "big.csv", compressed: false, limit: 1 << 20));
        Assert.Contains("larger than 1,048,576 bytes", e.Message);
    }

    [Fact]
    public void D13_empty_header_names_become_Unnamed_and_repeats_are_mangled_exactly_as_pandas()
    {
        using var dir = new ScratchFolder();
        // pandas' own to_csv() writes an empty name for an unnamed index: ",a,b" reads as ['Unnamed: 0', 'a', 'b'].
        var table = Load(dir.Write("index.csv", ",a,,b\n0,1,2,3\n"));
        Assert.Equal(["Unnamed: 0", "a", "Unnamed: 2", "b"], table.Names);
        Assert.Equal(["0"], Column(table, "Unnamed: 0"));
        // Each pair: the header, and pandas 1.5.3's columns.
        (string Header, string[] Pandas)[] cases =
        [
            ("\"\",b", ["Unnamed: 0", "b"]),
            ("\"\", ,b", ["Unnamed: 0", " ", "b"]),
            ("a,a,a.1", ["a", "a.2", "a.1"]),
            ("a,a.1,a,a.1", ["a", "a.1", "a.2", "a.1.1"]),
            ("a,a,a,a.1,a.2", ["a", "a.3", "a.4", "a.1", "a.2"]),
            (",Unnamed: 0", ["Unnamed: 0.1", "Unnamed: 0"]),
            ("x,,x,Unnamed: 1,,", ["x", "Unnamed: 1.1", "x.1", "Unnamed: 1", "Unnamed: 4", "Unnamed: 5"]),
            ("a.1,a,a", ["a.1", "a", "a.2"]),
        ];
        foreach (var (header, pandas) in cases)
        {
            var path = dir.Write("h.csv", header + "\n" + string.Join(',', Enumerable.Repeat("1", pandas.Length)) + "\n");
            Assert.Equal(pandas, Load(path).Names);
            Assert.Equal(pandas, CsvDataFrameLoader.ReadColumnNames(path));
        }
    }

    [Fact]
    public void D14_a_missing_value_in_a_True_False_column_is_kept_missing()
    {
        using var dir = new ScratchFolder();
        var path = dir.Write("test.csv", "a,b\nTrue,1\n,2\nFalse,3\n");
        // pandas: dtype object holding [True, nan, False]; inferred, DiveML gives the same as text.
        var inferred = Load(path);
        Assert.Equal(CsvColumnKind.String, inferred.Kinds[0]);
        Assert.Equal((string?[])["True", null, "False"], inferred.ToDataFrame()["a"].Cast<string?>());
        // A test file read with the training file's types (a forced Boolean): Double 1/0/NaN, missing stays missing.
        var forced = Load(path, new CsvLoadOptions { ColumnTypes = new Dictionary<string, CsvColumnKind> { ["a"] = CsvColumnKind.Boolean } });
        Assert.Equal(CsvColumnKind.Double, forced.Kinds[0]);
        var values = forced.ToDataView().GetColumn<double>("a").ToArray();
        Assert.Equal(1.0, values[0]);
        Assert.True(double.IsNaN(values[1]));
        Assert.Equal(0.0, values[2]);
        // Without missing values the forced column stays Boolean.
        Assert.Equal(CsvColumnKind.Boolean, Load(dir.Write("train.csv", "a\nTrue\nFalse\n"), new CsvLoadOptions { ColumnTypes = new Dictionary<string, CsvColumnKind> { ["a"] = CsvColumnKind.Boolean } }).Kinds[0]);

        // A pipeline fitted on the Boolean column converts the Double one as well (the Kaggle pipeline's ConvertType).
        var ml = new MLContext(0);
        var fitted = ml.Transforms.Conversion.ConvertType("a", outputKind: DataKind.Double).Fit(Load(dir["train.csv"], new CsvLoadOptions { ColumnTypes = new Dictionary<string, CsvColumnKind> { ["a"] = CsvColumnKind.Boolean } }).ToDataView());
        var converted = fitted.Transform(forced.ToDataView()).GetColumn<double>("a").ToArray();
        Assert.Equal(1.0, converted[0]);
        Assert.True(double.IsNaN(converted[1]));
    }

    [Fact]
    public void D15_a_header_only_file_has_object_columns_as_in_pandas_and_can_be_refused_by_name()
    {
        using var dir = new ScratchFolder();
        var path = dir.Write("train.csv", "a,b\n");
        // pandas: shape (0, 2), dtypes object, object.
        var table = Load(path);
        Assert.Equal(0, table.RowCount);
        Assert.Equal([CsvColumnKind.String, CsvColumnKind.String], table.Kinds);
        var e = Assert.Throws<CsvFormatException>(() => Load(path, new CsvLoadOptions { RequireDataRows = true }));
        Assert.Contains(path, e.Message);
        Assert.Contains("no data rows", e.Message);
    }

    [Fact]
    public void D16_a_folder_given_as_a_csv_file_is_named_as_a_folder()
    {
        using var dir = new ScratchFolder();
        var e = Assert.Throws<CsvFormatException>(() => Load(dir.Path));
        Assert.Contains("is a folder", e.Message);
        Assert.Throws<CsvFormatException>(() => CsvDataFrameLoader.ReadColumnNames(dir.Path));
    }

    internal static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
            foreach (var (name, text) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        return buffer.ToArray();
    }
}
