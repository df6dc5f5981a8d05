using System.Text.RegularExpressions;
using DiveML.Samples.Cli;
using DiveML.Samples.Commands;
using DiveML.Trainers;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Samples;

/// <summary>
/// Long runs report progress: plain lines when nobody watches a terminal (CI, pipes, these tests), a Spectre.Console
/// bar on standard error otherwise; the result lines on standard output are the same either way.
/// </summary>
public sealed partial class CliProgressTests : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private string[] TinyKaggle()
    {
        var dir = Directory.CreateDirectory(_scratch[Guid.NewGuid().ToString("N")]).FullName;
        var train = Path.Combine(dir, "train.csv");
        var test = Path.Combine(dir, "test.csv");
        File.WriteAllText(train, "Id,a,y\n" + string.Concat(Enumerable.Range(1, 24).Select(i => $"{i},{i}.5,{3 * i + 1}\n")));
        File.WriteAllText(test, "Id,a\n100,2.5\n");
        return ["kaggle", "--train", train, "--test", test, "--label", "y", "--folds", "3", "--epochs", "2", "--seed", "1", "--out", Path.Combine(dir, "out")];
    }

    [GeneratedRegex(@"^  fold \d: train rmse [\d.]+, valid rmse [\d.]+ \([\d.]+ s\)$", RegexOptions.Multiline)]
    private static partial Regex FoldLine();

    [Fact]
    public void Without_a_terminal_each_fold_prints_one_plain_line()
    {
        var (code, stdout, stderr) = CliTests.Run(TinyKaggle());
        Assert.True(code == 0, stderr);
        Assert.Equal(3, FoldLine().Matches(stdout).Count);
        Assert.DoesNotContain('\u001b', stdout + stderr); // no escape codes in logs
        Assert.DoesNotContain("fold 1/3", stdout + stderr); // the bar's step names are not printed
    }

    [Fact]
    public void With_a_bar_the_same_lines_reach_standard_output_and_the_bar_goes_to_standard_error()
    {
        var (code, stdout, stderr) = CliTests.RunWith(ProgressStyle.Bar, TinyKaggle());
        Assert.True(code == 0, stderr);
        Assert.Equal(3, FoldLine().Matches(stdout).Count);
        Assert.Contains("wrote ", stdout);
        Assert.Contains('\u001b', stderr); // drawn with ANSI codes
        Assert.Contains("fold 1/3", stderr); // each step is drawn, however short
        Assert.Contains("fold 3/3", stderr);
        Assert.Contains("refit on all rows", stderr);
    }

    [Fact]
    public void Fashion_mnist_prints_one_line_per_epoch()
    {
        var outDir = _scratch["fm"];
        var (code, stdout, stderr) = CliTests.Run("fashion-mnist", "--model", "softmax", "--epochs", "2", "--train-limit", "1000", "--seed", "1", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Equal(2, Regex.Matches(stdout, @"^epoch +\d/2: train loss", RegexOptions.Multiline).Count);
        Assert.Contains($"wrote {Path.Combine(outDir, "metrics.json")}", stdout);
    }

    [Fact]
    public void The_kaggle_bar_counts_epochs_over_candidates_folds_and_the_refit()
    {
        var progress = new KaggleProgress(unitsPerFold: [10, 10], folds: 3, refit: true);
        var scope = new RecordingScope();
        progress.Start(scope);
        Assert.Equal((2 * 3 + 1) * 10, progress.Total);
        Assert.Equal("candidate 1/2, fold 1/3", progress.Status);
        Epochs(progress, 4);
        Assert.Equal((4.0, "candidate 1/2, fold 1/3"), scope.Reports[^1]);
        Epochs(progress, 6);
        progress.FoldDone(10, "fold 0");
        for (int fold = 1; fold < 3; fold++)
        {
            Epochs(progress, 10);
            progress.FoldDone(10, $"fold {fold}");
        }
        Assert.Equal((30.0, "candidate 2/2, fold 1/3"), scope.Reports[^1]);
        for (int fold = 0; fold < 3; fold++)
        {
            Epochs(progress, 10);
            progress.FoldDone(10, $"fold {fold}");
        }
        progress.CandidateDone("summary");
        Assert.Equal((60.0, "refit on all rows"), scope.Reports[^1]);
        Epochs(progress, 10);
        Assert.Equal(progress.Total, scope.Reports[^1].Done);
        Assert.Equal(7, scope.Lines.Count); // six folds and one candidate
        Assert.Equal("fold 1/3", new KaggleProgress([5], 3, refit: true).Status); // no grid: no candidate count
    }

    [Fact]
    public void The_kaggle_bar_counts_one_unit_per_fold_of_an_ml_net_trainer_and_no_refit_for_fold_averages()
    {
        var progress = new KaggleProgress(unitsPerFold: [10, 1], folds: 2, refit: false); // mlp (10 epochs), lightgbm
        var scope = new RecordingScope();
        progress.Start(scope);
        Assert.Equal(2 * 10 + 2 * 1, progress.Total);
        Epochs(progress, 3); // an early-stopped fold ends before its last epoch...
        progress.FoldDone(3, "fold 1");
        Assert.Equal(10.0, scope.Reports[^1].Done); // ...and still counts whole
        Epochs(progress, 10);
        progress.FoldDone(10, "fold 2");
        progress.FoldDone(0, "fold 1");
        Assert.Equal((21.0, "candidate 2/2, fold 2/2"), scope.Reports[^1]);
        progress.FoldDone(0, "fold 2");
        Assert.Equal(progress.Total, scope.Reports[^1].Done);
    }

    [Fact]
    public void The_kaggle_bar_counts_the_epochs_of_folds_fitted_at_once()
    {
        var progress = new KaggleProgress(unitsPerFold: [10], folds: 3, refit: false);
        var scope = new RecordingScope();
        progress.Start(scope);
        // Folds 1 and 2 train at once, their epochs interleaved; fold 2 finishes first but is reported after fold 1.
        Epochs(progress, 7);
        Assert.Equal(7.0, scope.Reports[^1].Done);
        progress.FoldDone(4, "fold 1"); // stopped early after 4 epochs; 3 of the 7 were fold 2's
        Assert.Equal((13.0, "fold 2/3"), scope.Reports[^1]);
        Epochs(progress, 7);
        progress.FoldDone(10, "fold 2");
        Assert.Equal((20.0, "fold 3/3"), scope.Reports[^1]);
        Epochs(progress, 10);
        progress.FoldDone(10, "fold 3");
        Assert.Equal(progress.Total, scope.Reports[^1].Done);
        Assert.Equal(["fold 1", "fold 2", "fold 3"], scope.Lines);
    }

    private static void Epochs(KaggleProgress progress, int count)
    {
        for (int epoch = 1; epoch <= count; epoch++) progress.Epoch(new EpochRecord(epoch, 0, 0, null, 0));
    }

    private sealed class RecordingScope : IProgressScope
    {
        public List<(double Done, string Status)> Reports { get; } = [];
        public List<string> Lines { get; } = [];
        public void Report(double done, string status) => Reports.Add((done, status));
        public void WriteLine(string line) => Lines.Add(line);
    }
}
