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
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path, DiveModelMetadata? metadata = null) =>
        AtomicFile.WriteAllBytes(path, Serialize(mlContext, model, inputSchema, metadata));

    /// <summary>
    /// The file <see cref="Save"/> writes, as bytes: for an app that writes it itself once its other outputs are known
    /// to be good (<c>dive kaggle</c> serialises the model while it predicts the test rows).
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the data the model reads.</param>
    /// <param name="metadata">A record to keep inside the model file. Default none.</param>
    public static byte[] Serialize(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, DiveModelMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        using var buffer = new MemoryStream();
        mlContext.Model.Save(model, inputSchema, buffer);
        if (metadata is not null)
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true);
            zip.GetEntry(DiveModelMetadata.EntryName)?.Delete();
            WriteMetadata(zip, metadata);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Saves several models that read the same input (e.g. the fold models whose predictions are averaged) and their
    /// description as one file, written atomically: each model is an ML.NET model zip stored inside the file
    /// (<c>DiveML/models/1.zip</c>, …) next to <paramref name="metadata"/>, so the models and what they are for can
    /// neither be separated nor mismatched. Read it with <see cref="LoadAll"/>; ML.NET's own <c>Model.Load</c> does not
    /// read it (it is a set of models, not one).
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="models">The fitted models, in order (at least one).</param>
    /// <param name="inputSchema">The schema of the data every model reads.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="metadata">The record describing the set.</param>
    public static void SaveAll(MLContext mlContext, IReadOnlyList<ITransformer> models, DataViewSchema inputSchema, string path, DiveModelMetadata metadata) =>
        AtomicFile.WriteAllBytes(path, SerializeAll(mlContext, models, inputSchema, metadata));

    /// <summary>The file <see cref="SaveAll"/> writes, as bytes (see <see cref="Serialize"/>).</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="models">The fitted models, in order (at least one).</param>
    /// <param name="inputSchema">The schema of the data every model reads.</param>
    /// <param name="metadata">The record describing the set.</param>
    public static byte[] SerializeAll(MLContext mlContext, IReadOnlyList<ITransformer> models, DataViewSchema inputSchema, DiveModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(metadata);
        if (models.Count == 0) throw new ArgumentException("There are no models to save.", nameof(models));
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteMetadata(zip, metadata);
            for (int i = 0; i < models.Count; i++)
            {
                using var one = new MemoryStream();
                mlContext.Model.Save(models[i], inputSchema, one);
                // Stored, not compressed again: a model zip is compressed already.
                using var entry = zip.CreateEntry(SetEntry(i), CompressionLevel.NoCompression).Open();
                one.Position = 0;
                one.CopyTo(entry);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Loads a file written by <see cref="SaveAll"/> as untrusted input, every model inside checked as
    /// <see cref="Load"/> checks a model file; a file holding one model (<see cref="Save"/>, <c>Model.Save</c>) gives a
    /// list of one. The description and the kind are those of the file.
    /// </summary>
    /// <param name="mlContext">As <see cref="Load"/>.</param>
    /// <param name="path">The model file.</param>
    /// <param name="inputSchema">The schema of the data the models read, as saved (the first model's).</param>
    /// <param name="metadata">The <see cref="DiveModelMetadata"/> record inside the file, or null when it has none.</param>
    /// <param name="options">Limits and the required kind; null for the defaults and no kind check.</param>
    /// <returns>The models, in the order they were saved.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">As <see cref="Load"/>, for the file or any model inside it.</exception>
    public static IReadOnlyList<ITransformer> LoadAll(MLContext mlContext, string path, out DataViewSchema inputSchema, out DiveModelMetadata? metadata,
        DiveModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        options ??= new DiveModelLoadOptions();
        var bytes = ReadFile(path, options.MaxExpandedBytes);
        var inner = CheckBytes(bytes, path, options, out metadata, nested: false);
        if (options.RequiredKind is not null) DiveModelMetadata.RequireKind(metadata, path, options.RequiredKind, options.UsedBy);
        if (inner.Count == 0) return [LoadChecked(mlContext, bytes, path, out inputSchema)];
        var models = new ITransformer[inner.Count];
        inputSchema = null!;
        for (int i = 0; i < inner.Count; i++)
        {
            var name = $"{path} (model {i + 1} of {inner.Count})";
            CheckBytes(inner[i], name, options, out _, nested: true);
            models[i] = LoadChecked(mlContext, inner[i], name, out var schema);
            inputSchema ??= schema;
        }
        return models;
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
        var bytes = ReadChecked(path, options ?? new DiveModelLoadOptions(), out metadata, out var inner);
        if (inner > 0)
            throw new InvalidDataException($"'{path}' holds {inner} models (e.g. the fold models of 'dive kaggle --fold-average'), not one: read it with DiveModelFile.LoadAll.");
        return LoadChecked(mlContext, bytes, path, out inputSchema);
    }

    /// <summary>ML.NET loads bytes that were checked, with its temporary files in <see cref="DiveTempFolder"/>.</summary>
    private static ITransformer LoadChecked(MLContext mlContext, byte[] bytes, string path, out DataViewSchema inputSchema)
    {
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
        options ??= new DiveModelLoadOptions();
        var inner = CheckBytes(ReadFile(path, options.MaxExpandedBytes), path, options, out var metadata, nested: false);
        for (int i = 0; i < inner.Count; i++) CheckBytes(inner[i], $"{path} (model {i + 1} of {inner.Count})", options, out _, nested: true);
        if (options.RequiredKind is not null) DiveModelMetadata.RequireKind(metadata, path, options.RequiredKind, options.UsedBy);
        return metadata;
    }

    private static byte[] ReadChecked(string path, DiveModelLoadOptions options, out DiveModelMetadata? metadata, out int inner)
    {
        var bytes = ReadFile(path, options.MaxExpandedBytes);
        inner = CheckBytes(bytes, path, options, out metadata, nested: false).Count;
        if (options.RequiredKind is not null) DiveModelMetadata.RequireKind(metadata, path, options.RequiredKind, options.UsedBy);
        return bytes;
    }

    /// <summary>
    /// Checks the bytes of a model zip (see <see cref="Check"/>) and returns the models stored inside it by
    /// <see cref="SaveAll"/>, in order (empty for a file of one model); a model inside may not hold models itself.
    /// </summary>
    private static List<byte[]> CheckBytes(byte[] bytes, string path, DiveModelLoadOptions options, out DiveModelMetadata? metadata, bool nested)
    {
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
        var inner = new SortedDictionary<int, byte[]>();
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
                int model = SetIndex(name);
                if (model >= 0 && nested)
                    throw new InvalidDataException($"'{path}' is not a model this program accepts: it holds models inside a model ('{name}').");
                bool keep = name == DiveModelMetadata.EntryName || IsOnnxEntry(name) || model >= 0;
                var content = Expand(entry, path, keep);
                if (name == DiveModelMetadata.EntryName) metadata = ParseMetadata(content!, path);
                else if (model >= 0) inner[model] = content!;
                else if (content is not null) CheckOnnx(content, name, path);
            }
        }
        if (inner.Count > 0 && (inner.Keys.First() != 1 || inner.Keys.Last() != inner.Count))
            throw new InvalidDataException($"'{path}' is damaged: its models are not numbered 1 to {inner.Count}.");
        return inner.Values.ToList();
    }

    private const string SetFolder = "DiveML/models/";

    private static string SetEntry(int index) => $"{SetFolder}{index + 1}.zip";

    /// <summary>The 1-based number of a model stored by <see cref="SaveAll"/> (<c>DiveML/models/N.zip</c>), or −1.</summary>
    private static int SetIndex(string name)
        => name.StartsWith(SetFolder, StringComparison.Ordinal) && name.EndsWith(".zip", StringComparison.Ordinal)
           && int.TryParse(name.AsSpan(SetFolder.Length, name.Length - SetFolder.Length - 4), System.Globalization.NumberStyles.None,
               System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : -1;

    private static void WriteMetadata(ZipArchive zip, DiveModelMetadata metadata)
    {
        using var entry = zip.CreateEntry(DiveModelMetadata.EntryName, CompressionLevel.Optimal).Open();
        // Written directly (the serializer's indented layout): no reflection over an anonymous type at a command's end.
        using var json = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("kind", metadata.Kind);
        json.WritePropertyName("payload");
        metadata.Payload.WriteTo(json);
        json.WriteEndObject();
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
