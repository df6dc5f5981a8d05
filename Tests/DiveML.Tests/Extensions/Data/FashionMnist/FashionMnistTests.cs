using System.IO.Compression;
using DiveML.Extensions.Data;
using DiveML.Tests.Extensions.BadInputs;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions;

public sealed class FashionMnistTests : IDisposable
{
    private readonly ScratchFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(FashionMnistSplit.Train, 60000)]
    [InlineData(FashionMnistSplit.Test, 10000)]
    public void Loads_the_real_files_with_a_balanced_label_histogram(FashionMnistSplit split, int count)
    {
        var images = FashionMnist.Load(split);
        Assert.Equal(count, images.Count);
        Assert.Equal(28, images.Height);
        Assert.Equal(28, images.Width);
        var histogram = Enumerable.Range(0, 10).Select(k => images.Labels.Count(l => l == k));
        Assert.All(histogram, n => Assert.Equal(count / 10, n));
    }

    [Fact]
    public void Data_view_has_scaled_features_and_a_key_label_with_the_text_classes()
    {
        var view = FashionMnist.Load(FashionMnistSplit.Test).ToDataView();
        Assert.Equal(10000, view.GetRowCount());
        var featuresType = Assert.IsType<VectorDataViewType>(view.Schema["Features"].Type);
        Assert.Equal(784, featuresType.Size);
        var keyType = Assert.IsType<KeyDataViewType>(view.Schema["Label"].Type);
        Assert.Equal(10UL, keyType.Count);
        VBuffer<ReadOnlyMemory<char>> names = default;
        view.Schema["Label"].GetKeyValues(ref names);
        Assert.Equal(FashionMnistImages.ClassNames, names.DenseValues().Select(n => n.ToString()));

        var first = view.Preview(1).RowView[0].Values;
        var pixels = (VBuffer<float>)first.First(kv => kv.Key == "Features").Value;
        Assert.All(pixels.DenseValues(), v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(pixels.DenseValues(), v => v > 0.5f);
    }

    [Fact]
    public void Missing_files_say_how_to_install_them()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(FashionMnistSplit.Train, "/tmp/no-such-dir"));
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("--data-dir", e.Message);
    }

    [Fact]
    public void A_truncated_file_is_a_clear_error()
    {
        var dir = CopyTestSplit();
        var path = Path.Combine(dir, "t10k-images-idx3-ubyte.gz");
        var raw = Decompress(path);
        WriteGz(path, raw.AsSpan(0, raw.Length - 100).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(FashionMnistSplit.Test, dir));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_corrupted_magic_number_is_a_clear_error()
    {
        var dir = CopyTestSplit();
        var path = Path.Combine(dir, "t10k-labels-idx1-ubyte.gz");
        var raw = Decompress(path);
        raw[2] = 0x0D; // data type byte: no longer "unsigned byte"
        WriteGz(path, raw);
        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(FashionMnistSplit.Test, dir));
        Assert.Contains("magic number", e.Message);
    }

    [Fact]
    public void A_corrupted_gzip_stream_is_a_clear_error()
    {
        var dir = CopyTestSplit();
        var path = Path.Combine(dir, "t10k-labels-idx1-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        for (int i = 20; i < Math.Min(bytes.Length, 60); i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        Assert.Throws<InvalidDataException>(() => FashionMnist.Load(FashionMnistSplit.Test, dir));
    }

    [Fact]
    public void Uncompressed_files_load_too()
    {
        var dir = CopyTestSplit();
        foreach (var gz in Directory.GetFiles(dir, "*.gz"))
        {
            File.WriteAllBytes(gz[..^3], Decompress(gz));
            File.Delete(gz);
        }
        Assert.Equal(10000, FashionMnist.Load(FashionMnistSplit.Test, dir).Count);
    }

    [Fact]
    public void Catalog_extension_returns_the_same_view()
    {
        var view = new MLContext(0).Data.LoadFashionMnist(FashionMnistSplit.Test);
        Assert.Equal(10000, view.GetRowCount());
    }

    private string CopyTestSplit()
    {
        var dir = _dir.Path;
        foreach (var name in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            File.Copy(Path.Combine(FashionMnist.DefaultDirectory, name), Path.Combine(dir, name));
        return dir;
    }

    private static byte[] Decompress(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static void WriteGz(string path, byte[] data)
    {
        using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gz.Write(data);
    }
}
