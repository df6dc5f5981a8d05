using System.Text;

namespace DiveML.Extensions.IO;

/// <summary>Writes a file so that it appears complete or not at all: written beside the target, then renamed over it.</summary>
internal static class AtomicFile
{
    public static T Write<T>(string path, Func<TextWriter, T> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Output folder '{dir}' does not exist. Create it first.");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            T result;
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
            {
                result = write(writer);
            }
            File.Move(temp, full, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

/// <summary>Python csv's QUOTE_MINIMAL (what pandas' to_csv uses): quote a field holding the separator, a quote or a line break.</summary>
internal static class CsvQuoting
{
    public static string Quote(string field)
        => field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
