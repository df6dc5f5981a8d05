using System.Text.Json;
using System.Text.Json.Serialization;
using DiveML.Extensions.Data;

namespace DiveML.Samples.Commands;

/// <summary>
/// What <c>dive apply</c> needs besides the preprocessing model zip: the output column order and the column types the
/// training file was read with (a new file must be read the same way, e.g. a column that is empty in a small test file
/// stays text). Saved as <c>MODEL.json</c> beside <c>MODEL.zip</c>.
/// </summary>
public sealed record PreprocessingModelInfo(IReadOnlyList<string> OutputColumns, Dictionary<string, CsvColumnKind> ColumnTypes)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static string PathBeside(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static PreprocessingModelInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' is missing: 'dive preprocess --save-model' writes it beside the model; keep the two files together.", path);
        return JsonSerializer.Deserialize<PreprocessingModelInfo>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"'{path}' is empty.");
    }
}
