using System.Text.Json;
using DiveML.Extensions.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// What <c>dive predict</c> needs besides model.zip to score a CSV exactly as the training run did: the id and label
/// names and the column types the CSV must be read with. Saved as model.json beside model.zip.
/// </summary>
public sealed record TabularModelInfo(string? Id, string Label, string Task, string PredictionColumn, Dictionary<string, CsvColumnKind> ColumnTypes)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Writes the record as JSON.</summary>
    /// <param name="path">The file to create or replace.</param>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads a record written by <see cref="Save"/>.</summary>
    /// <param name="path">The JSON file.</param>
    public static TabularModelInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' is missing: it is written by 'dive kaggle' next to model.zip and says how to read the CSV. Pass --id and --label, or keep the two files together.", path);
        return JsonSerializer.Deserialize<TabularModelInfo>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"'{path}' is empty.");
    }
}
