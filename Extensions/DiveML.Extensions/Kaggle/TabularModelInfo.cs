using System.Text.Json;
using DiveML.Extensions.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// What <c>dive predict</c> needs besides the model to score a CSV exactly as the training run did: the id and label
/// names, the task and its classes, and the column types the CSV must be read with. Saved as model.json beside model.zip
/// (or beside the fold models, when predictions are the mean of the fold models).
/// </summary>
/// <param name="Id">The id column, or null.</param>
/// <param name="Label">The label's name in the training file.</param>
/// <param name="Task"><c>regression</c>, <c>binary</c> or <c>multiclass</c> (<c>classification</c>, written by earlier versions, means multiclass).</param>
/// <param name="PredictionColumn">The model's output column with the prediction in the label's terms.</param>
/// <param name="ColumnTypes">How to read each input column.</param>
/// <param name="Classes">Classification: the class values (binary: [negative, positive]; multiclass: in probability order). Null for regression.</param>
/// <param name="FoldModels">When predictions are the mean of the fold models: their file names (beside model.json); null for one model.zip.</param>
public sealed record TabularModelInfo(string? Id, string Label, string Task, string PredictionColumn, Dictionary<string, CsvColumnKind> ColumnTypes,
    IReadOnlyList<string>? Classes = null, IReadOnlyList<string>? FoldModels = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The task as an enum (never Auto).</summary>
    public TabularTask TabularTask => Task switch
    {
        "regression" => Kaggle.TabularTask.Regression,
        "binary" => Kaggle.TabularTask.Binary,
        "multiclass" or "classification" => Kaggle.TabularTask.Multiclass,
        _ => throw new InvalidDataException($"model.json names an unknown task '{Task}'; expected regression, binary or multiclass."),
    };

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
