using System.Text.Json;
using System.Text.Json.Serialization;
using DiveML.Extensions.Data;
using DiveML.Extensions.IO;

namespace DiveML.Samples.Commands;

/// <summary>
/// What <c>dive apply</c> needs besides the fitted transforms: the output column order and the column types the
/// training file was read with (a new file must be read the same way, e.g. a column that is empty in a small test file
/// stays text). Saved inside the model zip as its <see cref="DiveModelMetadata"/> (kind <see cref="Kind"/>); models
/// saved before that have it as <c>MODEL.json</c> beside <c>MODEL.zip</c>, which is still read.
/// </summary>
public sealed record PreprocessingModelInfo(IReadOnlyList<string> OutputColumns, Dictionary<string, CsvColumnKind> ColumnTypes)
{
    /// <summary>The <see cref="DiveModelMetadata.Kind"/> of a preprocessing model.</summary>
    public const string Kind = "dive preprocess";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static string PathBeside(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    /// <summary>The record of a model saved by an older 'dive preprocess', from the JSON file beside it.</summary>
    public static PreprocessingModelInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' is missing: 'dive preprocess --save-model' writes it beside the model; keep the two files together.", path);
        return JsonSerializer.Deserialize<PreprocessingModelInfo>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"'{path}' is empty.");
    }
}
