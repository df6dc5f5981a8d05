using System.Buffers.Binary;
using System.IO.Compression;

namespace DiveML.Extensions.Data;

/// <summary>
/// Reads the IDX format of (Fashion-)MNIST: a big-endian magic number <c>0x000008DD</c> (0x08 = unsigned byte data,
/// DD = number of dimensions), the dimension sizes, then the data. Gzipped files are detected by their header.
/// </summary>
public static class IdxFile
{
    /// <summary>Reads an unsigned-byte IDX file; returns its dimension sizes and data.</summary>
    /// <exception cref="InvalidDataException">Bad magic number, wrong rank or a size that does not match the data.</exception>
    public static (int[] Dimensions, byte[] Data) ReadUnsignedBytes(string path, int expectedRank)
    {
        byte[] raw = ReadAllDecompressed(path);
        if (raw.Length < 4)
            throw new InvalidDataException($"{path}: the file is {raw.Length} bytes long, too short for an IDX header. Re-install or re-download it.");
        if (raw[0] != 0 || raw[1] != 0 || raw[2] != 0x08)
            throw new InvalidDataException($"{path}: bad IDX magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(raw):X8} (expected 0x0000080{expectedRank} for unsigned bytes of rank {expectedRank}). The file is corrupted or not an IDX file.");
        int rank = raw[3];
        if (rank != expectedRank)
            throw new InvalidDataException($"{path}: the IDX file has {rank} dimensions, expected {expectedRank}. Is it the images file where the labels file was expected (or the reverse)?");
        int headerBytes = 4 + 4 * rank;
        if (raw.Length < headerBytes)
            throw new InvalidDataException($"{path}: truncated IDX header ({raw.Length} bytes, need {headerBytes}).");
        var dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = checked((int)BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(4 + 4 * i)));
            expected *= dims[i];
        }
        long actual = raw.Length - headerBytes;
        if (actual != expected)
            throw new InvalidDataException($"{path}: the header announces {string.Join(" × ", dims)} = {expected} bytes of data but the file holds {actual}. The file is truncated or corrupted: re-install it.");
        return (dims, raw.AsSpan(headerBytes).ToArray());
    }

    private static byte[] ReadAllDecompressed(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 2 || file[0] != 0x1F || file[1] != 0x8B) return file;
        try
        {
            using var gz = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
            using var output = new MemoryStream(file.Length * 2);
            gz.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: the gzip stream is corrupted or truncated ({e.Message}). Re-install the file.", e);
        }
    }
}
