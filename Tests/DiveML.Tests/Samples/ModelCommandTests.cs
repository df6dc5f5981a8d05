using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using DiveML.Extensions.IO;
using DiveML.Extensions.Kaggle;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Samples;

/// <summary>docs/bad-inputs.md, "Model files", through the commands that read models: <c>dive predict</c> and <c>dive apply</c>.</summary>
public class ModelCommandTests
{
    private static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(1, count).Select(i => row(i) + "\n"));

    private static (string Train, string Test) Pair(ScratchFolder dir)
        => (dir.Write("t.csv", "Id,x,k,y\n" + Rows(20, i => $"{i},{i},{(i % 2 == 0 ? "a" : "b")},{100 + 7 * i}")), dir.Write("s.csv", "Id,x,k\n21,3,a\n22,9,b\n"));

    private static string[] Kaggle(string train, string test, string outDir, params string[] more)
        => ["kaggle", "--train", train, "--test", test, "--label", "y", "--id", "Id", "--epochs", "2", "--folds", "2", .. more, "--out", outDir];

    [Fact]
    public void M14_a_model_given_to_the_wrong_command_is_named_with_the_command_that_made_it()
    {
        using var dir = new ScratchFolder();
        var (train, test) = Pair(dir);
        Assert.Equal(0, CliTests.Run(Kaggle(train, test, dir["o"])).Code);
        Assert.Equal(0, CliTests.Run("preprocess", "--data", train, "--out", dir["prep.csv"], "--save-model", dir["prep.zip"]).Code);

        var (code, _, stderr) = CliTests.Run("predict", "--model", dir["prep.zip"], "--data", test, "--out", dir["pred.csv"]);
        Assert.Equal(1, code);
        Assert.Contains($"{dir["prep.zip"]} was made by 'dive preprocess'; 'dive predict' needs a model from 'dive kaggle'.", stderr);
        (code, _, stderr) = CliTests.Run("apply", "--model", dir["o/model.zip"], "--data", test, "--out", dir["applied.csv"]);
        Assert.Equal(1, code);
        Assert.Contains($"{dir["o/model.zip"]} was made by 'dive kaggle'; 'dive apply' needs a model from 'dive preprocess'.", stderr);
        Assert.False(File.Exists(dir["pred.csv"]));
        Assert.False(File.Exists(dir["applied.csv"]));
    }

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void M15_models_saved_with_a_side_file_by_earlier_versions_are_still_read()
    {
        using var dir = new ScratchFolder();
        var (train, test) = Pair(dir);

        // model.zip without a description, model.json beside it.
        Assert.Equal(0, CliTests.Run(Kaggle(train, test, dir["o"])).Code);
        var old = Directory.CreateDirectory(dir["old"]).FullName;
        var info = DiveModelFile.ReadMetadata(dir["o/model.zip"])!.Read<TabularModelInfo>();
        File.Copy(dir["o/model.zip"], Path.Combine(old, "model.zip"));
        using (var zip = ZipFile.Open(Path.Combine(old, "model.zip"), ZipArchiveMode.Update)) zip.GetEntry(DiveModelMetadata.EntryName)!.Delete();
        File.WriteAllText(Path.Combine(old, "model.json"), JsonSerializer.Serialize(info with { TrainingFile = null }, Json));
        var (code, _, stderr) = CliTests.Run("predict", "--model", Path.Combine(old, "model.zip"), "--data", test, "--out", dir["pred.csv"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllLines(dir["o/submission.csv"]), File.ReadAllLines(dir["pred.csv"]));

        // --fold-average: DIR/model.json listing model-fold1.zip, model-fold2.zip.
        Assert.Equal(0, CliTests.Run(Kaggle(train, test, dir["f"], "--fold-average")).Code);
        var folds = Directory.CreateDirectory(dir["old-folds"]).FullName;
        using (var zip = ZipFile.OpenRead(dir["f/model.zip"]))
            for (int k = 1; k <= 2; k++) zip.GetEntry($"DiveML/models/{k}.zip")!.ExtractToFile(Path.Combine(folds, $"model-fold{k}.zip"));
        File.WriteAllText(Path.Combine(folds, "model.json"), JsonSerializer.Serialize(info with { FoldModels = ["model-fold1.zip", "model-fold2.zip"], TrainingFile = null }, Json));
        (code, var stdout, stderr) = CliTests.Run("predict", "--model", Path.Combine(folds, "model.json"), "--data", test, "--out", dir["pred-folds.csv"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("mean of 2 fold models", stdout);
        Assert.Equal(File.ReadAllLines(dir["f/submission.csv"]), File.ReadAllLines(dir["pred-folds.csv"]));

        // A description inside the zip wins over a side file beside it.
        File.WriteAllText(dir["o/model.json"], "not json");
        (code, _, stderr) = CliTests.Run("predict", "--model", dir["o/model.zip"], "--data", test, "--out", dir["pred-again.csv"]);
        Assert.True(code == 0, stderr);
    }
}
