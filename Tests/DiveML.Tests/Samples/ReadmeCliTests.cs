using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

/// <summary>
/// Every command of README's `dive` table runs in CI on small data (or, marked "long" there, has its help checked): a
/// reader who types one gets what the table says, not an error from an option that was renamed.
/// </summary>
public class ReadmeCliTests
{
    /// <summary>The first cell of each row of README's command table, as written there (without the backticks).</summary>
    private static IReadOnlyList<string> TableCommands()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        return lines.Where(l => l.StartsWith("| `./dive ", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf('`', 3)].Replace("\\|", "|", StringComparison.Ordinal)).ToArray();
    }

    private static bool IsLong(string command)
        => File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md")).Single(l => l.StartsWith($"| `{command.Replace("|", "\\|", StringComparison.Ordinal)}`", StringComparison.Ordinal))
            .Contains("(long:", StringComparison.Ordinal);

    [Fact]
    public void Every_command_of_the_README_table_runs_on_small_data()
    {
        using var dir = new ScratchFolder();
        string train = RepoPaths.HousePrices("train.csv"), test = RepoPaths.HousePrices("test.csv");
        // The small-data run of each row, keyed by how the row starts; earlier runs leave files later ones read.
        var runs = new List<(string Row, string[] Args, string Expect)>
        {
            ("./dive data", ["data"], "Fashion-MNIST train: 60000 images"),
            ("./dive preprocess", ["preprocess", "--data", train, "--out", dir["train.prep.csv"], "--exclude", "Id,SalePrice", "--save-model", dir["prep.zip"]], "1460 rows"),
            ("./dive apply", ["apply", "--model", dir["prep.zip"], "--data", test, "--out", dir["test.prep.csv"]], "1459 rows"),
            ("./dive linreg", ["linreg"], "true w = [2, -3.4]"),
            ("./dive fashion-mnist --model softmax|mlp", ["fashion-mnist", "--model", "softmax", "--epochs", "1", "--train-limit", "2000", "--out", dir["softmax"]], "test accuracy"),
            ("./dive fashion-mnist ... --save-weights", ["fashion-mnist", "--model", "mlp", "--epochs", "1", "--train-limit", "2000", "--out", dir["mlp"], "--save-weights", dir["mlp.pt"]], "test accuracy"),
            ("./dive fashion-mnist --model mlp --hidden 256 --weights", ["fashion-mnist", "--model", "mlp", "--hidden", "256", "--weights", dir["mlp.pt"], "--epochs", "0", "--out", dir["scored"]], "test accuracy"),
            ("./dive kaggle", ["kaggle", "--train", train, "--test", test, "--label", "SalePrice", "--models", "linear,lightgbm", "--metric", "log_rmse",
                "--epochs", "2", "--folds", "2", "--oof", dir["oof.csv"], "--out", dir["kaggle"]], "submission"),
            ("./dive predict", ["predict", "--model", Path.Combine(dir["kaggle"], "model.zip"), "--data", test, "--out", dir["predicted.csv"]], "1459 rows"),
            ("./dive env", ["env"], "TorchSharp:"),
        };
        var table = TableCommands();
        foreach (var row in table)
            Assert.True(IsLong(row) || runs.Any(r => row.StartsWith(r.Row, StringComparison.Ordinal)),
                $"README's command '{row}' has no small-data run in this test: add one, or mark the row (long: …) in README.");
        foreach (var (row, args, expect) in runs)
        {
            Assert.True(table.Any(r => r.StartsWith(row, StringComparison.Ordinal)), $"'{row}' is no longer in README's table; remove its run here.");
            var (code, stdout, stderr) = CliTests.Run(args);
            Assert.True(code == 0, $"{string.Join(' ', args)} → exit {code}: {stderr}");
            Assert.Contains(expect, stdout);
        }
        foreach (var row in table.Where(IsLong))
        {
            var name = row.Split(' ')[1];
            var (code, stdout, _) = CliTests.Run(name, "--help");
            Assert.Equal(0, code);
            Assert.Contains(name, stdout);
        }
    }
}
