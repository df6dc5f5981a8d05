using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;

namespace DiveML.Extensions.IO;

/// <summary>Saving ML.NET models as one complete file, optionally with a <see cref="DiveModelMetadata"/> record inside.</summary>
public static class DiveModelFile
{
    /// <summary>
    /// Saves <paramref name="model"/> like <c>mlContext.Model.Save</c>, but writes the zip in memory first and then
    /// atomically (<see cref="AtomicFile"/>): when any transformer refuses to be saved (e.g. a network with a layer ONNX
    /// export does not cover), no file is created or overwritten. ML.NET's own path overload creates the file before the
    /// transformers write into it. With <paramref name="metadata"/>, the record is stored inside the same zip.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the data the model reads.</param>
    /// <param name="path">The zip file to create or replace.</param>
    /// <param name="metadata">A record to keep inside the model file. Default none.</param>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path, DiveModelMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        using var buffer = new MemoryStream();
        mlContext.Model.Save(model, inputSchema, buffer);
        if (metadata is not null)
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true);
            zip.GetEntry(DiveModelMetadata.EntryName)?.Delete();
            using var entry = zip.CreateEntry(DiveModelMetadata.EntryName, CompressionLevel.Optimal).Open();
            JsonSerializer.Serialize(entry, new { kind = metadata.Kind, payload = metadata.Payload }, DiveModelMetadata.Json);
        }
        AtomicFile.WriteStream(path, stream => { buffer.Position = 0; buffer.CopyTo(stream); return 0; });
    }

    /// <summary>
    /// Loads a model zip as untrusted input, so that a hostile or damaged file cannot fill the disk, read other files or
    /// leave files behind: the file is read once into memory and checked (<see cref="Check"/>: the entries' declared and
    /// actual sizes, their compression ratios, no ONNX tensor naming external data, a well-formed DiveML description,
    /// the kind <paramref name="options"/> requires), then ML.NET loads those same bytes with
    /// <paramref name="mlContext"/>'s temporary files in <see cref="DiveTempFolder"/> (see <see cref="DiveTempFolder.Use"/>).
    /// </summary>
    /// <param name="mlContext">The context to load with; its <see cref="MLContext.TempFilePath"/> is pointed at
    /// <see cref="DiveTempFolder.Path"/> unless it already names another folder than the system's temporary folder.</param>
    /// <param name="path">The model zip.</param>
    /// <param name="inputSchema">The schema of the data the model reads, as saved.</param>
    /// <param name="metadata">The <see cref="DiveModelMetadata"/> record inside the zip, or null when it has none.</param>
    /// <param name="options">Limits and the required kind; null for the defaults and no kind check.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model zip, breaks a limit, names external data, has a
    /// damaged description, was made by another command than the required one, or ML.NET cannot load it; the message
    /// names the file.</exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema, out DiveModelMetadata? metadata, DiveModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var bytes = ReadChecked(path, options ?? new DiveModelLoadOptions(), out metadata);
        DiveTempFolder.Use(mlContext);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return mlContext.Model.Load(stream, out inputSchema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException
            && e.GetType().Namespace?.StartsWith("DiveML.", StringComparison.Ordinal) != true)
        {
            throw new InvalidDataException($"'{path}' cannot be loaded as an ML.NET model: {e.Message}", e);
        }
    }

    /// <summary>
    /// Checks a model zip without loading it and returns its <see cref="DiveModelMetadata"/> (null when it has none):
    /// at most <see cref="DiveModelLoadOptions.MaxEntries"/> entries, none outside the zip's own folders, each expanding
    /// to no more than it declares, no entry over <see cref="DiveModelLoadOptions.MaxCompressionRatio"/> (beyond its
    /// first mebibyte), all together no more than <see cref="DiveModelLoadOptions.MaxExpandedBytes"/>; no ONNX model
    /// inside (ML.NET's <c>OnnxModel</c> entries) whose tensors name external data files; the kind, when required.
    /// </summary>
    /// <param name="path">The model zip.</param>
    /// <param name="options">Limits and the required kind; null for the defaults and no kind check.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">As <see cref="Load"/>.</exception>
    public static DiveModelMetadata? Check(string path, DiveModelLoadOptions? options = null)
    {
        ReadChecked(path, options ?? new DiveModelLoadOptions(), out var metadata);
        return metadata;
    }

    private static byte[] ReadChecked(string path, DiveModelLoadOptions options, out DiveModelMetadata? metadata)
    {
        var bytes = ReadFile(path, options.MaxExpandedBytes);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a model zip ({e.Message}).", e);
        }
        metadata = null;
        using (zip)
        {
            if (zip.Entries.Count > options.MaxEntries)
                throw new InvalidDataException($"'{path}' is not a model this program accepts: it holds {zip.Entries.Count:N0} entries (at most {options.MaxEntries:N0}).");
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (name.StartsWith('/') || name.StartsWith('\\') || name.Contains(':') || name.Replace('\\', '/').Split('/').Contains(".."))
                    throw new InvalidDataException($"'{path}' is not a model this program accepts: entry '{name}' points outside the model.");
                total += entry.Length;
                if (entry.Length < 0 || total > options.MaxExpandedBytes)
                    throw new InvalidDataException($"'{path}' is not a model this program accepts: its entries expand to more than {Describe(options.MaxExpandedBytes)} (the limit; a larger model needs a higher DiveModelLoadOptions.MaxExpandedBytes).");
                if (entry.Length > RatioFloor && entry.Length > entry.CompressedLength * options.MaxCompressionRatio)
                    throw new InvalidDataException($"'{path}' is not a model this program accepts: entry '{name}' expands {entry.CompressedLength:N0} bytes to {entry.Length:N0}, " +
                        $"more than {options.MaxCompressionRatio:0.#} times (a zip bomb?).");
                if (name == DiveModelMetadata.EntryName && entry.Length > MetadataLimit)
                    throw new InvalidDataException($"'{path}' is not a DiveML model: its description is {entry.Length:N0} bytes.");
                bool keep = name == DiveModelMetadata.EntryName || IsOnnxEntry(name);
                var content = Expand(entry, path, keep);
                if (name == DiveModelMetadata.EntryName) metadata = ParseMetadata(content!, path);
                else if (content is not null) CheckOnnx(content, name, path);
            }
        }
        if (options.RequiredKind is not null) DiveModelMetadata.RequireKind(metadata, path, options.RequiredKind, options.UsedBy);
        return bytes;
    }

    /// <summary>Entries below this size are not held to the compression ratio (a small, repetitive text compresses well).</summary>
    private const long RatioFloor = 1 << 20;

    private static string Describe(long bytes) => bytes >= 1 << 20 ? $"{bytes / (1 << 20):N0} MiB" : $"{bytes:N0} bytes";

    /// <summary>ML.NET's ONNX transformer keeps the model bytes in an entry named <c>OnnxModel</c> (a 32-bit length, then the bytes).</summary>
    private static bool IsOnnxEntry(string name)
        => string.Equals(Path.GetFileName(name.Replace('\\', '/')), "OnnxModel", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Decompresses an entry, counting: more bytes than it declares is refused as soon as they appear, and what was read
    /// must match the entry's CRC-32 (.NET stops reading at the declared size, so an entry that lies about its size
    /// shows up as a checksum mismatch).
    /// </summary>
    private static byte[]? Expand(ZipArchiveEntry entry, string path, bool keep)
    {
        try
        {
            using var stream = entry.Open();
            var kept = keep ? new MemoryStream((int)Math.Min(entry.Length, 1 << 24)) : null;
            var buffer = new byte[81920];
            long count = 0;
            uint crc = Crc32.Start;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                count += read;
                if (count > entry.Length)
                    throw new InvalidDataException($"'{path}' is not a model this program accepts: entry '{entry.FullName}' expands to more than the {entry.Length:N0} bytes it declares.");
                crc = Crc32.Append(crc, buffer.AsSpan(0, read));
                kept?.Write(buffer, 0, read);
            }
            if (count != entry.Length)
                throw new InvalidDataException($"'{path}' is damaged: entry '{entry.FullName}' holds {count:N0} bytes but declares {entry.Length:N0}.");
            if (Crc32.Finish(crc) != entry.Crc32)
                throw new InvalidDataException($"'{path}' is damaged: entry '{entry.FullName}' does not match its checksum (its declared size or its content was altered).");
            return kept?.ToArray();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith($"'{path}'", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"'{path}' is damaged: entry '{entry.FullName}' cannot be decompressed ({e.Message}).", e);
        }
    }

    private static void CheckOnnx(byte[] content, string entry, string path)
    {
        if (content.Length < 4) throw new InvalidDataException($"'{path}' is damaged: its ONNX model ('{entry}') is truncated.");
        int length = BitConverter.ToInt32(content, 0);
        if (length == 0 && content.Length == 4) return; // ML.NET writes a null array as length 0
        if (length < 0 || length != content.Length - 4)
            throw new InvalidDataException($"'{path}' is damaged: its ONNX model ('{entry}') announces {length:N0} bytes but holds {content.Length - 4:N0}.");
        string? tensor;
        try
        {
            tensor = OnnxExternalData.FindExternalTensor(content.AsSpan(4));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is damaged: its ONNX model ('{entry}'): {e.Message}", e);
        }
        if (tensor is not null)
            throw new InvalidDataException($"'{path}' is not a model this program accepts: its ONNX model ('{entry}') takes the data of tensor '{tensor}' " +
                "from an external file, which could be any file on this machine. Models saved by DiveML keep all their weights inside the zip.");
    }

    private static byte[] ReadFile(string path, long limit)
    {
        if (Directory.Exists(path)) throw new InvalidDataException($"'{path}' is a folder; give the model zip file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        // A zip is never larger than what its entries expand to plus its headers.
        long max = Math.Min(Array.MaxLength, limit + (1 << 20));
        if (file.CanSeek && file.Length > max)
            throw new InvalidDataException($"'{path}' is not a model this program accepts: it is {file.Length:N0} bytes, more than {Describe(max)}.");
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (memory.Length + read > max)
                throw new InvalidDataException($"'{path}' is not a model this program accepts: it is more than {Describe(max)}.");
            memory.Write(buffer, 0, read);
        }
        return memory.ToArray();
    }

    /// <summary>The metadata record saved inside a model zip, or null when the model has none.</summary>
    /// <param name="path">The model zip.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip, or its metadata is damaged.</exception>
    public static DiveModelMetadata? ReadMetadata(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a model zip ({e.Message}).", e);
        }
        using (zip)
        {
            var entry = zip.GetEntry(DiveModelMetadata.EntryName);
            if (entry is null) return null;
            if (entry.Length > MetadataLimit) throw new InvalidDataException($"'{path}' is not a DiveML model: its description is {entry.Length} bytes.");
            return ParseMetadata(Expand(entry, path, keep: true)!, path);
        }
    }

    // A description is a few kilobytes; refuse anything that claims to expand to more than a megabyte.
    private const long MetadataLimit = 1 << 20;

    private static DiveModelMetadata ParseMetadata(byte[] content, string path)
    {
        if (content.Length > MetadataLimit) throw new InvalidDataException($"'{path}' is not a DiveML model: its description is {content.Length} bytes.");
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(kind.GetString()) || !root.TryGetProperty("payload", out var payload))
                throw new InvalidDataException($"'{path}' has a damaged DiveML description (no kind or payload).");
            return new DiveModelMetadata(kind.GetString()!, payload.Clone());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' has a damaged DiveML description: {e.Message}", e);
        }
    }
}
