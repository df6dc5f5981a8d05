using DiveML.Extensions.IO;
using DiveML.Extensions.Kaggle;
using DiveML.Tests.Extensions.BadInputs;
using Microsoft.ML;

namespace DiveML.Tests.Samples;

/// <summary>
/// docs/bad-inputs.md, "Output files", as the commands write them: every output appears complete or not at all, a link
/// planted at an output path is replaced rather than written through, and a model is one file with its description.
/// </summary>
public class OutputFileTests
{
    private static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(1, count).Select(i => row(i) + "\n"));

    /// <summary>Plants a link at each of <paramref name="names"/> in <paramref name="folder"/>, each pointing to a victim file of its own.</summary>
    private static Dictionary<string, string> PlantLinks(ScratchFolder dir, string folder, params string[] names)
    {
        Directory.CreateDirectory(folder);
        var victims = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var victim = dir.Write($"victim-{name}", $"keep {name}");
            File.CreateSymbolicLink(Path.Combine(folder, name), victim);
            victims[name] = victim;
        }
        return victims;
    }

    private static void AssertReplacedNotFollowed(string folder, Dictionary<string, string> victims)
    {
        foreach (var (name, victim) in victims)
        {
            Assert.Equal($"keep {name}", File.ReadAllText(victim));
            var written = new FileInfo(Path.Combine(folder, name));
            Assert.True(written.Exists, name);
            Assert.Null(written.LinkTarget);
            Assert.True(written.Length > 0, name);
        }
        // No temporary file is left beside the outputs.
        Assert.Empty(Directory.GetFiles(folder, ".*.tmp"));
    }

    [Fact]
    public void A03_every_dive_kaggle_output_is_written_atomically_and_replaces_a_planted_link()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,k,y\n" + Rows(20, i => $"{i},{i},{(i % 2 == 0 ? "a" : "b")},{100 + 7 * i}"));
        var test = dir.Write("s.csv", "Id,x,k\n21,3,a\n");
        var outDir = dir["o"];
        var victims = PlantLinks(dir, outDir, "cv-report.md", "cv-report.json", "cv-report.csv", "curves.png", "models.png", "submission.csv", "model.zip");
        victims["oof.csv"] = dir.Write("victim-oof.csv", "keep oof.csv");
        File.CreateSymbolicLink(Path.Combine(outDir, "oof.csv"), victims["oof.csv"]);
        var (code, _, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--id", "Id", "--models", "linear,sdca",
            "--epochs", "2", "--folds", "2", "--oof", Path.Combine(outDir, "oof.csv"), "--out", outDir);
        Assert.True(code == 0, stderr);
        AssertReplacedNotFollowed(outDir, victims);
        Assert.Equal("\u0089PNG", File.ReadAllText(Path.Combine(outDir, "curves.png"), System.Text.Encoding.Latin1)[..4]);
        // model.json is gone: the description is inside model.zip.
        Assert.False(File.Exists(Path.Combine(outDir, "model.json")));
    }

    [Fact]
    public void A04_every_dive_fashion_mnist_output_is_written_atomically_and_replaces_a_planted_link()
    {
        using var dir = new ScratchFolder();
        var outDir = dir["fm"];
        var victims = PlantLinks(dir, outDir, "metrics.json", "model.zip", "curves.png", "predictions.png", "weights.pt");
        var (code, _, stderr) = CliTests.Run("fashion-mnist", "--model", "softmax", "--train-limit", "300", "--epochs", "1", "--device", "cpu", "--seed", "1",
            "--save-weights", Path.Combine(outDir, "weights.pt"), "--out", outDir);
        Assert.True(code == 0, stderr);
        AssertReplacedNotFollowed(outDir, victims);
    }

    [Fact]
    public void A05_model_zip_is_always_the_last_runs_model_with_its_description_inside()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n" + Rows(20, i => $"{i},{i},{(i % 3 == 0 ? "c" : i % 2 == 0 ? "a" : "b")}"));
        var test = dir.Write("s.csv", "Id,x\n21,3\n22,8\n");
        string[] Run(params string[] more) => ["kaggle", "--train", train, "--test", test, "--label", "y", "--id", "Id", "--epochs", "2", "--folds", "2", .. more, "--out", dir["o"]];
        var model = dir["o/model.zip"];
        var ml = new MLContext(0);

        // A plain run, then a --fold-average run in the same folder: model.zip becomes the fold models.
        Assert.Equal(0, CliTests.Run(Run()).Code);
        var (code, stdout, stderr) = CliTests.Run(Run("--fold-average", "--submission", "proba"));
        Assert.True(code == 0, stderr);
        Assert.Contains($"wrote {model} (the 2 fold models, whose mean predicts)", stdout);
        var folds = DiveModelFile.LoadAll(ml, model, out _, out var metadata, new DiveModelLoadOptions { RequiredKind = TabularModelInfo.Kind });
        Assert.Equal(2, folds.Count);
        Assert.Equal(["a", "b", "c"], metadata!.Read<TabularModelInfo>().Classes!.Order());
        Assert.Equal(["model.zip"], Directory.GetFiles(dir["o"], "model*").Select(Path.GetFileName));
        var predicted = dir["pred.csv"];
        (code, stdout, stderr) = CliTests.Run("predict", "--model", model, "--data", test, "--out", predicted, "--submission", "proba");
        Assert.True(code == 0, stderr);
        Assert.Contains("mean of 2 fold models", stdout);
        Assert.Equal(File.ReadAllLines(dir["o/submission.csv"]), File.ReadAllLines(predicted));

        // And back: one model again.
        Assert.Equal(0, CliTests.Run(Run()).Code);
        Assert.Single(DiveModelFile.LoadAll(ml, model, out _, out _));
        Assert.Equal(0, CliTests.Run("predict", "--model", model, "--data", test, "--out", predicted).Code);
        Assert.Equal(File.ReadAllLines(dir["o/submission.csv"]), File.ReadAllLines(predicted));
    }
}
