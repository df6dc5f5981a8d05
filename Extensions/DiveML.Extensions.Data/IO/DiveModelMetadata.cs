using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DiveML.Extensions.IO;

/// <summary>
/// A record stored inside a model zip next to ML.NET's own entries (ML.NET ignores entries it does not know): what made
/// the model and what a later command needs to use it (e.g. the column types a CSV must be read with). Keeping it in the
/// zip makes the model and its description one file that is written atomically — no side file to lose or mismatch.
/// </summary>
/// <param name="Kind">What made the model, in the user's terms (e.g. <c>dive kaggle</c>, <c>dive preprocess</c>).</param>
/// <param name="Payload">The record itself, as JSON.</param>
public sealed record DiveModelMetadata(string Kind, JsonElement Payload)
{
    /// <summary>The zip entry that holds the metadata.</summary>
    public const string EntryName = "DiveML/metadata.json";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Metadata of kind <paramref name="kind"/> holding <paramref name="payload"/> serialised as JSON.</summary>
    /// <param name="kind">What made the model.</param>
    /// <param name="payload">Any JSON-serialisable record.</param>
    public static DiveModelMetadata Create<T>(string kind, T payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return new DiveModelMetadata(kind, JsonSerializer.SerializeToElement(payload, Json));
    }

    /// <summary>
    /// Metadata of kind <paramref name="kind"/> holding <paramref name="payload"/>, serialised with the given contract —
    /// for instance a source-generated one, which spares the reflection and the compilation that the first reflection
    /// serialisation of a type costs (tens of milliseconds at a command's end).
    /// </summary>
    /// <param name="kind">What made the model.</param>
    /// <param name="payload">The record.</param>
    /// <param name="typeInfo">How to write <typeparamref name="T"/> (e.g. a <c>JsonSerializerContext</c>'s property for it).</param>
    public static DiveModelMetadata Create<T>(string kind, T payload, JsonTypeInfo<T> typeInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new DiveModelMetadata(kind, JsonSerializer.SerializeToElement(payload, typeInfo));
    }

    /// <summary>
    /// Refuses a model that was not made by <paramref name="kind"/>, in the user's terms: "model.zip was made by 'dive
    /// preprocess'; 'dive predict' needs a model from 'dive kaggle'". Returns the metadata when it is of that kind.
    /// </summary>
    /// <param name="metadata">The model's record (<see cref="DiveModelFile.ReadMetadata"/>, <see cref="DiveModelFile.Load"/>), or null when it has none.</param>
    /// <param name="path">The model file, as the user gave it.</param>
    /// <param name="kind">The kind required (e.g. <c>dive kaggle</c>).</param>
    /// <param name="usedBy">Who needs it (e.g. <c>dive predict</c>), or null.</param>
    /// <exception cref="InvalidDataException">The model has no record, or one of another kind.</exception>
    public static DiveModelMetadata RequireKind(DiveModelMetadata? metadata, string path, string kind, string? usedBy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var who = usedBy is null ? "this command" : $"'{usedBy}'";
        if (metadata is null)
            throw new InvalidDataException($"{path} was not made by '{kind}' (it has no DiveML description); {who} needs a model from '{kind}'.");
        if (!metadata.IsKind(kind))
            throw new InvalidDataException($"{path} was made by '{metadata.Kind}'; {who} needs a model from '{kind}'.");
        return metadata;
    }

    /// <summary>Whether this record was made by <paramref name="kind"/> (compared exactly).</summary>
    /// <param name="kind">E.g. <c>dive kaggle</c>.</param>
    public bool IsKind(string kind) => string.Equals(Kind, kind, StringComparison.Ordinal);

    /// <summary>The payload as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">The payload does not have <typeparamref name="T"/>'s shape.</exception>
    public T Read<T>() => Read(() => Payload.Deserialize<T>(Json));

    /// <summary>The payload as <typeparamref name="T"/>, read with the given contract (see <see cref="Create{T}(string, T, JsonTypeInfo{T})"/>).</summary>
    /// <param name="typeInfo">How to read <typeparamref name="T"/>.</param>
    /// <exception cref="InvalidDataException">The payload does not have <typeparamref name="T"/>'s shape.</exception>
    public T Read<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Read(() => Payload.Deserialize(typeInfo));
    }

    private T Read<T>(Func<T?> deserialize)
    {
        try
        {
            return deserialize() ?? throw new InvalidDataException($"The model's description (made by {Kind}) is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model's description (made by {Kind}) cannot be read: {e.Message}", e);
        }
    }
}
