using System.Buffers.Binary;
using System.IO.Compression;

namespace DiveML.Extensions.Data;

/// <summary>
/// Reads the IDX format of (Fashion-)MNIST: a big-endian magic number <c>0x000008DD</c> (0x08 = unsigned byte data,
/// DD = number of dimensions), the dimension sizes, then the data. Gzipped files are detected by their header.
/// </summary>
/// <remarks>
/// The header is untrusted: the size it announces is checked against the file (or, for a gzipped file, against the
/// most its compressed bytes can expand to) and against <see cref="MaxDataBytes"/> before anything is allocated, and a
/// gzipped file is decompressed no further than that size.
/// </remarks>
public static class IdxFile
{
    /// <summary>The most data bytes an IDX file may announce (what one .NET array holds; Fashion-MNIST has 47 MB).</summary>
    public static long MaxDataBytes => Array.MaxLength;

    // Deflate expands at most about 1032:1; a gzipped file announcing more than this many bytes per compressed byte lies.
    private const long MaxGzipRatio = 1100;

    /// <summary>Reads an unsigned-byte IDX file; returns its dimension sizes and data.</summary>
    /// <exception cref="InvalidDataException">Bad magic number, wrong rank, a size that does not match the data or is
    /// beyond <see cref="MaxDataBytes"/>, a damaged gzip stream.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static (int[] Dimensions, byte[] Data) ReadUnsignedBytes(string path, int expectedRank)
    {
        using var file = File.OpenRead(path);
        var magic = new byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzipped = got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        long fileLength = file.Length;
        try
        {
            using Stream stream = gzipped ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            return Read(stream, path, expectedRank, gzipped, fileLength);
        }
        catch (InvalidDataException e) when (gzipped && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: the gzip stream is corrupted or truncated ({e.Message}). Re-install the file.", e);
        }
    }

    private static (int[], byte[]) Read(Stream stream, string path, int expectedRank, bool gzipped, long fileLength)
    {
        var head = new byte[4];
        int read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (read < 4)
            throw new InvalidDataException($"{path}: the file is {read} bytes long, too short for an IDX header. Re-install or re-download it.");
        if (head[0] != 0 || head[1] != 0 || head[2] != 0x08)
            throw new InvalidDataException($"{path}: bad IDX magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(head):X8} (expected 0x0000080{expectedRank} for unsigned bytes of rank {expectedRank}). The file is corrupted or not an IDX file.");
        int rank = head[3];
        if (rank != expectedRank)
            throw new InvalidDataException($"{path}: the IDX file has {rank} dimensions, expected {expectedRank}. Is it the images file where the labels file was expected (or the reverse)?");
        int headerBytes = 4 + 4 * rank;
        var sizes = new byte[4 * rank];
        read = stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (read < sizes.Length)
            throw new InvalidDataException($"{path}: truncated IDX header ({4 + read} bytes, need {headerBytes}).");

        var dims = new int[rank];
        var announced = new ulong[rank];
        bool tooLarge = false;
        ulong expected = 1;
        for (int i = 0; i < rank; i++)
        {
            announced[i] = BinaryPrimitives.ReadUInt32BigEndian(sizes.AsSpan(4 * i));
            // Saturating product: an overflow must not wrap to a size that happens to match the file.
            expected = announced[i] == 0 ? 0 : expected > ulong.MaxValue / announced[i] ? ulong.MaxValue : expected * announced[i];
        }
        var shape = string.Join(" × ", announced);
        if (expected > (ulong)MaxDataBytes) tooLarge = true;
        for (int i = 0; i < rank; i++)
        {
            if (announced[i] > int.MaxValue) tooLarge = true;
            else dims[i] = (int)announced[i];
        }
        if (tooLarge)
            throw new InvalidDataException($"{path}: the IDX header announces {shape} bytes of data, more than the {MaxDataBytes:N0} an IDX file can hold here. The file is corrupted: re-install it.");
        if (!gzipped && (long)expected != fileLength - headerBytes)
            throw new InvalidDataException($"{path}: the header announces {shape} = {expected} bytes of data but the file holds {fileLength - headerBytes}. The file is truncated or corrupted: re-install it.");
        if (gzipped && (long)expected > fileLength * MaxGzipRatio)
            throw new InvalidDataException($"{path}: the header announces {shape} = {expected} bytes of data, more than a {fileLength}-byte gzip file can hold. The file is truncated or corrupted: re-install it.");

        var data = new byte[expected];
        read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
            throw new InvalidDataException($"{path}: the header announces {shape} = {expected} bytes of data but the file holds {read}. The file is truncated or corrupted: re-install it.");
        if (gzipped && stream.ReadByte() >= 0)
            throw new InvalidDataException($"{path}: the file holds more data than its header announces ({shape} = {expected} bytes). The file is corrupted: re-install it.");
        return (dims, data);
    }
}
