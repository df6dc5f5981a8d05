using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Unicode;

namespace DiveML.Extensions.Data;

/// <summary>
/// Reads a CSV file's bytes as <c>pandas.read_csv(path)</c> sees them, or refuses clearly: compression is inferred from
/// the name as pandas does (<c>.gz</c> and a <c>.zip</c> holding one file are decompressed; <c>.bz2</c>, <c>.xz</c>,
/// <c>.zst</c> and <c>.tar</c> are refused with the command that decompresses them); files of unknown length (pipes such
/// as <c>&lt;(cat train.csv)</c>, devices) are read to their end; binary content (a NUL byte) and text that is not UTF-8
/// are refused naming the line and byte offset, as pandas raises <c>UnicodeDecodeError</c> there.
/// </summary>
/// <remarks>
/// A pipe can be read once, but a command may read the same file twice (its column names, then its rows): the bytes of
/// a source that cannot seek (a pipe) are kept for the rest of the process and served to later reads of the same path.
/// </remarks>
internal static class CsvFileReader
{
    /// <summary>The largest file the loader can hold: its byte offsets are 32-bit.</summary>
    internal static readonly long MaxBytes = Array.MaxLength;

    private const int Chunk = 1 << 20;
    private static readonly ConcurrentDictionary<string, byte[]> Streams = new(StringComparer.Ordinal);

    /// <summary>The whole (decompressed) content of <paramref name="path"/>, checked to be UTF-8 text.</summary>
    public static byte[] ReadAll(string path)
    {
        var data = ReadBytes(path);
        CheckUtf8(data, data.Length, path, partial: false);
        return data;
    }

    /// <summary>
    /// The start of <paramref name="path"/>, checked to be UTF-8 text: the first <paramref name="wanted"/> bytes of a
    /// plain regular file (all of it when shorter), the whole content of anything else (pipes, compressed files).
    /// </summary>
    /// <returns>The bytes, and whether they are the whole file.</returns>
    public static (byte[] Data, bool Complete) ReadHead(string path, int wanted)
    {
        if (Compression(path) is null && !Streams.ContainsKey(Path.GetFullPath(path)))
        {
            using var stream = Open(path);
            if (stream.CanSeek && stream.Length > 0)
            {
                var buffer = new byte[(int)Math.Min(stream.Length, wanted)];
                int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                buffer = buffer[..read];
                int nul = buffer.AsSpan().IndexOf((byte)0);
                if (nul >= 0) throw Binary(buffer, nul, path);
                bool complete = read == stream.Length;
                CheckUtf8(buffer, read, path, partial: !complete);
                return (buffer, complete);
            }
            // A pipe: this open is the only chance to read it.
            var data = ReadOpened(stream, path, null);
            CheckUtf8(data, data.Length, path, partial: false);
            return (data, true);
        }
        return (ReadAll(path), true);
    }

    /// <summary>
    /// Refuses <c>data[..length)</c> unless it is valid UTF-8, as pandas does (<c>UnicodeDecodeError</c>); with
    /// <paramref name="partial"/>, a sequence cut at the end is not an error. Vectorised, and split across cores for
    /// large files: one pass over the bytes, no per-field work.
    /// </summary>
    private static void CheckUtf8(byte[] data, int length, string path, bool partial)
    {
        int parts = length < 4 * Chunk ? 1 : Math.Min(Environment.ProcessorCount, 8);
        var bounds = new int[parts + 1];
        bounds[parts] = length;
        for (int p = 1; p < parts; p++)
        {
            int b = (int)((long)length * p / parts);
            // Never cut inside a UTF-8 sequence: a cut before a continuation byte (10xxxxxx) would invalidate both halves.
            for (int k = 0; k < 3 && b < length && (data[b] & 0xC0) == 0x80; k++) b++;
            bounds[p] = Math.Max(b, bounds[p - 1]);
        }
        ParallelCsv.For(parts, p =>
        {
            var span = data.AsSpan(bounds[p], bounds[p + 1] - bounds[p]);
            if (Utf8.IsValid(span)) return;
            int bad = FirstInvalidUtf8(span, isFinalBlock: !(partial && p == parts - 1));
            if (bad >= 0) throw NotUtf8(data, bounds[p] + bad, path);
        });
    }

    /// <summary>The offset of the first byte that is not valid UTF-8, or -1 (a sequence cut at the end of a non-final block).</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> span, bool isFinalBlock)
    {
        Span<char> chars = stackalloc char[4096];
        int at = 0;
        while (at < span.Length)
        {
            var status = Utf8.ToUtf16(span[at..], chars, out int read, out _, replaceInvalidSequences: false, isFinalBlock);
            if (status == System.Buffers.OperationStatus.InvalidData) return at + read;
            if (status == System.Buffers.OperationStatus.NeedMoreData) return -1;
            at += read;
            if (status == System.Buffers.OperationStatus.Done) break;
        }
        return -1;
    }

    private static CsvFormatException NotUtf8(byte[] data, int offset, string path)
    {
        if (Sniff(data, path) is { } what) return new CsvFormatException(path, 0, null, what);
        return new CsvFormatException(path, LineOf(data, offset), null,
            $"byte 0x{data[offset]:X2} at byte offset {offset} is not valid UTF-8 text. The file is probably in another encoding, such as " +
            "Latin-1 or Windows-1252 (pandas reads UTF-8 and raises UnicodeDecodeError here too). " +
            $"Convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8 '{path}' > converted.csv");
    }

    private static CsvFormatException Binary(byte[] data, int offset, string path)
    {
        if (Sniff(data, path) is { } what) return new CsvFormatException(path, 0, null, what);
        return new CsvFormatException(path, LineOf(data, offset), null,
            $"the file holds a NUL byte at byte offset {offset}: it looks like a binary file, not CSV text. Check the path.");
    }

    /// <summary>What a file that is not UTF-8 text most likely is, judged from its first bytes; null when nothing is recognised.</summary>
    private static string? Sniff(byte[] data, string path)
    {
        if (data.Length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
            return $"the file is UTF-16 text, not UTF-8. Convert it first, e.g. iconv -f utf-16 -t utf-8 '{path}' > converted.csv";
        if (data.Length >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0)
            return $"the file looks like UTF-16 text, not UTF-8. Convert it first, e.g. iconv -f utf-16le -t utf-8 '{path}' > converted.csv";
        if (data.Length >= 2 && data[0] == 0x1F && data[1] == 0x8B)
            return "the file is gzip-compressed, but its name does not end in .gz (pandas decides by the name): rename it to end in .gz, or gunzip it.";
        if (data.Length >= 4 && data[0] == (byte)'P' && data[1] == (byte)'K' && data[2] == 3 && data[3] == 4)
            return "the file is a zip archive, but its name does not end in .zip (pandas decides by the name): rename it to end in .zip, or unzip it.";
        if (data.Length >= 3 && data[0] == (byte)'B' && data[1] == (byte)'Z' && data[2] == (byte)'h')
            return $"the file is bzip2-compressed: decompress it first, e.g. bunzip2 -k '{path}', and pass the CSV.";
        return null;
    }

    /// <summary>The 1-based line of byte <paramref name="offset"/>: line ends are LF, CRLF or a lone CR, as pandas reads them.</summary>
    internal static long LineOf(byte[] data, int offset)
    {
        long line = 1;
        for (int i = 0; i < offset && i < data.Length; i++)
        {
            if (data[i] == '\n') line++;
            else if (data[i] == '\r' && (i + 1 >= data.Length || data[i + 1] != '\n')) line++;
        }
        return line;
    }

    /// <summary>pandas' <c>compression='infer'</c>: by the name's ending, case-insensitively.</summary>
    private static string? Compression(string path)
    {
        var name = path.ToLowerInvariant();
        foreach (var (ending, kind) in Endings)
            if (name.EndsWith(ending, StringComparison.Ordinal)) return kind;
        return null;
    }

    // pandas 1.5.3's _extension_to_compression, in its order (".tar.gz" is a tar archive, not gzip).
    private static readonly (string Ending, string Kind)[] Endings =
        [(".tar", "tar"), (".tar.gz", "tar"), (".tar.bz2", "tar"), (".tar.xz", "tar"), (".gz", "gzip"), (".bz2", "bz2"), (".zip", "zip"), (".xz", "xz"), (".zst", "zstd")];

    private static byte[] ReadBytes(string path)
    {
        if (Streams.TryGetValue(Path.GetFullPath(path), out var kept)) return kept;
        using var stream = Open(path);
        return ReadOpened(stream, path, Compression(path));
    }

    /// <summary>Reads an opened file to its end, decompressing as <paramref name="compression"/> says; keeps what a pipe gave.</summary>
    private static byte[] ReadOpened(FileStream stream, string path, string? compression)
    {
        try
        {
            // A length of 0 may be a lie (/proc files, devices): read on to the end all the same.
            long length = stream.CanSeek && stream.Length > 0 ? stream.Length : -1;
            byte[] data = compression switch
            {
                null => ReadStream(stream, length, path, compressed: false),
                "gzip" => Gunzip(stream, path),
                "zip" => Unzip(stream, path),
                "bz2" => throw Unsupported(path, "bzip2", $"bunzip2 -k '{path}'"),
                "xz" => throw Unsupported(path, "xz", $"unxz -k '{path}'"),
                "zstd" => throw Unsupported(path, "zstd", $"unzstd '{path}'"),
                _ => throw Unsupported(path, "a tar archive", $"tar -xf '{path}'"),
            };
            // A pipe cannot be read again: keep what it gave for the process's later reads of the same path.
            if (!stream.CanSeek) Streams.TryAdd(Path.GetFullPath(path), data);
            return data;
        }
        catch (Exception e) when (e is IOException and not FileNotFoundException and not DirectoryNotFoundException || e is UnauthorizedAccessException)
        {
            throw new CsvFormatException(path, 0, null, $"the file cannot be read ({e.Message}).");
        }
    }

    private static FileStream Open(string path)
    {
        if (Directory.Exists(path)) throw new CsvFormatException(path, 0, null, "this is a folder, not a CSV file. Give the path of the file.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"CSV file '{path}' does not exist. Check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException and not FileNotFoundException and not DirectoryNotFoundException || e is UnauthorizedAccessException)
        {
            throw new CsvFormatException(path, 0, null, $"the file cannot be read ({e.Message}).");
        }
    }

    private static CsvFormatException Unsupported(string path, string what, string command)
        => new(path, 0, null, $"the name says the file is compressed with {what}, which DiveML does not read (it reads .gz and a .zip holding one file). Decompress it first, e.g. {command}, and pass the CSV.");

    /// <summary>
    /// Reads <paramref name="stream"/> to its end: <paramref name="length"/> bytes when known, else growing a buffer.
    /// Each chunk is checked for NUL bytes as it arrives, so <c>/dev/zero</c> or a binary file is refused after its
    /// first megabyte rather than read until memory runs out; more than <see cref="MaxBytes"/> is refused.
    /// </summary>
    internal static byte[] ReadStream(Stream stream, long length, string path, bool compressed, long? limit = null)
    {
        long max = limit ?? MaxBytes;
        if (length > max) throw TooLarge(path, compressed, max);
        var buffer = new byte[length >= 0 ? length : Math.Min(Chunk, max)];
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                // At the announced length (or a full buffer): done unless more comes (a file that grew, a stream).
                int next = stream.ReadByte();
                if (next < 0) break;
                if (buffer.Length >= max) throw TooLarge(path, compressed, max);
                Array.Resize(ref buffer, (int)Math.Min(max, Math.Max(Chunk, (long)buffer.Length * 2)));
                buffer[filled++] = (byte)next;
                if (next == 0) throw Binary(buffer[..filled], filled - 1, path);
            }
            int read = stream.Read(buffer, filled, Math.Min(Chunk, buffer.Length - filled));
            if (read == 0) break;
            int nul = buffer.AsSpan(filled, read).IndexOf((byte)0);
            if (nul >= 0) throw Binary(buffer[..(filled + read)], filled + nul, path);
            filled += read;
        }
        return filled == buffer.Length ? buffer : buffer[..filled];
    }

    private static CsvFormatException TooLarge(string path, bool compressed, long max)
        => new(path, 0, null, $"the {(compressed ? "decompressed " : "")}file is larger than {max:N0} bytes, more than the CSV loader can hold. Split it, or check the path.");

    private static byte[] Gunzip(Stream stream, string path)
    {
        try
        {
            using var gz = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            return ReadStream(gz, -1, path, compressed: true);
        }
        catch (InvalidDataException e)
        {
            throw new CsvFormatException(path, 0, null, $"the name ends in .gz but the file is not valid gzip ({e.Message}). Check the file, or rename it if it is not compressed.");
        }
    }

    private static byte[] Unzip(Stream stream, string path)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e)
        {
            throw new CsvFormatException(path, 0, null, $"the name ends in .zip but the file is not a valid zip archive ({e.Message}). Check the file, or rename it if it is not compressed.");
        }
        using (zip)
        {
            // pandas: exactly one member (folders count), else "Zero files found" / "Multiple files found in ZIP file".
            if (zip.Entries.Count == 0)
                throw new CsvFormatException(path, 0, null, "the zip archive is empty; pandas reads a zip holding exactly one CSV file.");
            if (zip.Entries.Count > 1)
                throw new CsvFormatException(path, 0, null, $"the zip archive holds {zip.Entries.Count} files ({string.Join(", ", zip.Entries.Take(5).Select(e => e.FullName))}{(zip.Entries.Count > 5 ? ", …" : "")}); " +
                    "pandas reads a zip holding exactly one CSV file. Extract the one you mean and pass it.");
            var entry = zip.Entries[0];
            if (entry.Length > MaxBytes) throw TooLarge(path, compressed: true, MaxBytes);
            try
            {
                using var content = entry.Open();
                return ReadStream(content, -1, path, compressed: true);
            }
            catch (InvalidDataException e)
            {
                throw new CsvFormatException(path, 0, null, $"the zip archive is damaged ({e.Message}).");
            }
        }
    }

    /// <summary>Forgets the bytes kept for pipes (tests).</summary>
    internal static void ForgetStreams() => Streams.Clear();
}
