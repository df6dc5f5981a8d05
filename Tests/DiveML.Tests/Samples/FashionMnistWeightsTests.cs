using System.Text.Json;
using DiveML.Tests.Support;
using DiveML.Trainers;

namespace DiveML.Tests.Samples;

/// <summary><c>dive fashion-mnist --weights FILE.pt [--epochs 0]</c> and <c>--save-weights FILE.pt</c> (PyTorch state_dict files).</summary>
public class FashionMnistWeightsTests
{
    private static string Fixture => RepoPaths.Fixtures("pytorch-statedict", "mlp_784_256_10.pt");

    [Fact]
    public void Epochs_0_scores_PyTorchs_weights_as_they_are()
    {
        var outDir = Directory.CreateTempSubdirectory("diveml-fm-weights-").FullName;
        try
        {
            var (code, stdout, stderr) = CliTests.Run("fashion-mnist", "--model", "mlp", "--hidden", "256", "--weights", Fixture, "--epochs", "0", "--out", outDir);
            Assert.True(code == 0, stderr);
            Assert.Contains("starting from given weights (1.weight, 1.bias, 3.weight, 3.bias)", stdout);
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
            Assert.Equal(0, metrics.RootElement.GetProperty("epochs").GetArrayLength());
            Assert.Equal(0.8211, metrics.RootElement.GetProperty("test_acc").GetDouble(), 10); // PyTorch's 8211/10000
            Assert.True(File.Exists(Path.Combine(outDir, "model.zip")));
            Assert.False(File.Exists(Path.Combine(outDir, "curves.png"))); // no epochs to draw
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void Save_weights_writes_the_fine_tuned_state_dict()
    {
        var outDir = Directory.CreateTempSubdirectory("diveml-fm-save-").FullName;
        try
        {
            var weights = Path.Combine(outDir, "tuned.pt");
            var (code, stdout, stderr) = CliTests.Run("fashion-mnist", "--model", "mlp", "--weights", Fixture, "--epochs", "1", "--train-limit", "2000",
                "--lr", "0.01", "--seed", "1", "--out", outDir, "--save-weights", weights);
            Assert.True(code == 0, stderr);
            Assert.Contains($"wrote {weights} (state_dict: 0.weight [256, 784], 0.bias [256], 2.weight [10, 256], 2.bias [10])", stdout);
            var tuned = StateDict.Load(weights);
            var start = StateDict.Load(Fixture);
            Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], tuned.Keys);
            Assert.NotEqual(start["1.weight"].ToSingles(), tuned["0.weight"].ToSingles()); // one epoch of fine-tuning moved them
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
            Assert.InRange(metrics.RootElement.GetProperty("test_acc").GetDouble(), 0.78, 1.0); // started from 0.8211, not from chance
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_or_unfitting_weights_file_is_one_line_and_exit_code_1()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"diveml-fm-bad-{Guid.NewGuid():N}");
        try
        {
            var (code, _, stderr) = CliTests.Run("fashion-mnist", "--weights", "no-such.pt", "--epochs", "0", "--out", outDir);
            Assert.Equal(1, code);
            Assert.Contains("no-such.pt", Assert.Single(CliTests.Lines(stderr)));
            (code, _, stderr) = CliTests.Run("fashion-mnist", "--hidden", "128", "--weights", Fixture, "--epochs", "0", "--out", outDir);
            Assert.Equal(1, code);
            Assert.Contains("[256, 784] but the network's '0.weight' is [128, 784]", Assert.Single(CliTests.Lines(stderr)));
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }
}
