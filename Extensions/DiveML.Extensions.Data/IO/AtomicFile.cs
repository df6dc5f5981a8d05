using System.Text;

namespace DiveML.Extensions.IO;

/// <summary>
/// Writes a file so that it appears complete or not at all: the content goes to a temporary file in the same folder,
/// which is then renamed over the target. A crash, a kill or an exception never leaves a partial or empty file, and a
/// symbolic link planted at the target is replaced rather than followed.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes text through <paramref name="write"/> (UTF-8 without a byte-order mark) and returns its result.</summary>
    /// <param name="path">The file to create or replace. Its folder must exist.</param>
    /// <param name="write">Writes the whole content.</param>
    public static T Write<T>(string path, Func<TextWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteStream(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            var result = write(writer);
            writer.Flush();
            return result;
        });
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8 without a byte-order mark).</summary>
    public static void WriteAllText(string path, string text) => Write(path, writer => { writer.Write(text); return 0; });

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        WriteStream(path, stream => { stream.Write(copy); return 0; });
    }

    /// <summary>Writes the file through <paramref name="write"/>, which receives the temporary file's stream.</summary>
    public static T WriteStream<T>(string path, Func<Stream, T> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Output folder '{dir}' does not exist. Create it first.");
        if (Directory.Exists(full))
            throw new IOException($"'{path}' is a folder; give a file name.");
        // A unique name per write: two writers of the same target in one process never share a temporary file.
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            T result;
            // CreateNew: never opens (and so never writes through) an existing file or link of that name.
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                result = write(stream);
                stream.Flush(flushToDisk: true);
            }
            // rename(2) replaces a link at the target by the new file; it does not write into what the link points to.
            File.Move(temp, full, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
