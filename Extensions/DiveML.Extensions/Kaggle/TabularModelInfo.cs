using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DiveML.Extensions.Data;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// What <c>dive predict</c> needs besides the model to score a CSV exactly as the training run did: the id and label
/// names, the task and its classes, the column types the CSV must be read with and the model's prediction column. Kept
/// inside the model file as its <see cref="IO.DiveModelMetadata"/> (kind <see cref="Kind"/>), so the model and its
/// description are one file, written at once. Models saved before that had it as <c>model.json</c> beside
/// <c>model.zip</c> (or beside the fold models); <see cref="Load"/> still reads such a file.
/// </summary>
/// <param name="Id">The id column, or null.</param>
/// <param name="Label">The label's name in the training file.</param>
/// <param name="Task"><c>regression</c>, <c>binary</c> or <c>multiclass</c> (<c>classification</c>, written by earlier versions, means multiclass).</param>
/// <param name="PredictionColumn">The model's output column with the prediction in the label's terms.</param>
/// <param name="ColumnTypes">How to read each input column.</param>
/// <param name="Classes">Classification: the class values (binary: [negative, positive]; multiclass: in probability order). Null for regression.</param>
/// <param name="FoldModels">Old side files only: the fold models' file names beside model.json when predictions are their mean. Null otherwise.</param>
/// <param name="TrainingFile">The training file's name, for messages about a file that does not fit the model. Null in old side files.</param>
public sealed record TabularModelInfo(string? Id, string Label, string Task, string PredictionColumn, Dictionary<string, CsvColumnKind> ColumnTypes,
    IReadOnlyList<string>? Classes = null, IReadOnlyList<string>? FoldModels = null, string? TrainingFile = null)
{
    /// <summary>The <see cref="IO.DiveModelMetadata.Kind"/> of a model saved by <c>dive kaggle</c>.</summary>
    public const string Kind = "dive kaggle";

    /// <summary>
    /// How the record is written and read (indented, enums by name), source-generated: no reflection or compilation of
    /// serializer code when <c>dive kaggle</c> saves a model or <c>dive predict</c> loads one.
    /// </summary>
    public static JsonTypeInfo<TabularModelInfo> JsonTypeInfo => TabularModelJson.Default.TabularModelInfo;

    /// <summary>The task as an enum (never Auto).</summary>
    public TabularTask TabularTask => Task switch
    {
        "regression" => Kaggle.TabularTask.Regression,
        "binary" => Kaggle.TabularTask.Binary,
        "multiclass" or "classification" => Kaggle.TabularTask.Multiclass,
        _ => throw new InvalidDataException($"The model's description names an unknown task '{Task}'; expected regression, binary or multiclass."),
    };

    /// <summary>Reads the side file <c>model.json</c> that models saved before the description moved into the zip have.</summary>
    /// <param name="path">The JSON file.</param>
    public static TabularModelInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' is missing: it is written by 'dive kaggle' next to model.zip and says how to read the CSV. Pass --id and --label, or keep the two files together.", path);
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), JsonTypeInfo)
                ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not the description 'dive kaggle' wrote beside a model: {e.Message}", e);
        }
    }
}

/// <summary>The source-generated JSON contract of <see cref="TabularModelInfo"/>.</summary>
// Enums by name through the generic converters: the non-generic JsonStringEnumConverter builds its converter by reflection.
[JsonSourceGenerationOptions(WriteIndented = true, Converters = [typeof(JsonStringEnumConverter<CsvColumnKind>), typeof(JsonStringEnumConverter<TabularTask>)])]
[JsonSerializable(typeof(TabularModelInfo))]
internal sealed partial class TabularModelJson : JsonSerializerContext;
