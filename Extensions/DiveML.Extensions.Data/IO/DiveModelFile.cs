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
            // A description is a few kilobytes; refuse anything that claims to expand to more than a megabyte.
            const long Limit = 1 << 20;
            if (entry.Length > Limit) throw new InvalidDataException($"'{path}' is not a DiveML model: its description is {entry.Length} bytes.");
            try
            {
                using var stream = entry.Open();
                using var document = JsonDocument.Parse(stream);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty("payload", out var payload))
                    throw new InvalidDataException($"'{path}' has a damaged DiveML description (no kind or payload).");
                return new DiveModelMetadata(kind.GetString()!, payload.Clone());
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"'{path}' has a damaged DiveML description: {e.Message}", e);
            }
        }
    }
}
