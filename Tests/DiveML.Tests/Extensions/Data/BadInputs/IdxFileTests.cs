using System.Buffers.Binary;
using System.IO.Compression;
using DiveML.Extensions.Data;

namespace DiveML.Tests.Extensions.BadInputs;

/// <summary>docs/bad-inputs.md, "Data files" (Fashion-MNIST IDX): the header is untrusted and checked before allocating.</summary>
public class IdxFileTests
{
    private static byte[] Header(params uint[] dims)
    {
        var header = new byte[4 + 4 * dims.Length];
        header[2] = 0x08;
        header[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), dims[i]);
        return header;
    }

    [Fact]
    public void D17_a_dimension_beyond_any_array_is_refused_by_name_not_by_an_overflow()
    {
        using var dir = new ScratchFolder();
        var path = dir.Write("train-images-idx3-ubyte", [.. Header(0xFFFF_FFFF, 28, 28), .. new byte[784]]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadUnsignedBytes(path, 3));
        Assert.Contains(path, e.Message);
        Assert.Contains("4294967295 × 28 × 28", e.Message);
    }

    [Fact]
    public void D18_dimensions_whose_product_wraps_around_are_refused()
    {
        using var dir = new ScratchFolder();
        // 2^30 × 2^30 × 16 = 2^64, which a 64-bit product wraps to 0: an empty file would "match" it.
        var path = dir.Write("train-images-idx3-ubyte", Header(1u << 30, 1u << 30, 16));
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadUnsignedBytes(path, 3));
        Assert.Contains("1073741824 × 1073741824 × 16", e.Message);
    }

    [Fact]
    public void D19_a_gzipped_header_announcing_more_than_the_file_can_hold_is_refused_before_allocating()
    {
        using var dir = new ScratchFolder();
        // 1.9 GB announced in a file of a few hundred bytes: refused without allocating the 1.9 GB.
        var path = dir.Write("train-images-idx3-ubyte.gz", Gzip([.. Header(2_500_000, 28, 28), .. new byte[1000]]));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadUnsignedBytes(path, 3));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "allocated the announced size before refusing");
        Assert.Contains("more than a", e.Message);
    }

    [Fact]
    public void D20_a_gzip_bomb_is_decompressed_no_further_than_its_header_announces()
    {
        using var dir = new ScratchFolder();
        // The header announces 10 labels; 300 MB of zeros follow (a few hundred kilobytes compressed).
        var path = dir["train-labels-idx1-ubyte.gz"];
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write(Header(10));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) gz.Write(zeros);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadUnsignedBytes(path, 1));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "decompressed the whole bomb before refusing");
        Assert.Contains("more data than its header announces", e.Message);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest)) gz.Write(data);
        return buffer.ToArray();
    }
}
