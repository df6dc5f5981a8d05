using System.CommandLine;
using System.Globalization;
using DiveML.Extensions.Data;
using DiveML.Samples.Bench;
using DiveML.Samples.Cli;
using DiveML.Trainers;

namespace DiveML.Samples.Commands;

/// <summary><c>dive bench TARGET</c>: the performance measurements recorded in docs/benchmarks.md.</summary>
public static class BenchCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var command = new DiveCommand("bench", "Benchmarks: 'load' (Fashion-MNIST), 'preprocess' (1M-row CSV), 'train' (MLP vs plain TorchSharp), 'kaggle' (5-fold run), 'step' (µs per optimiser step), 'units' (scale-out overhead).");
        command.Subcommands.Add(LoadCommand(cli));
        command.Subcommands.Add(PreprocessCommand(cli));
        command.Subcommands.Add(TrainCommand(cli));
        command.Subcommands.Add(KaggleCommand(cli));
        command.Subcommands.Add(StepCommand(cli));
        command.Subcommands.Add(UnitsCommand(cli));
        return command;
    }

    private static DiveCommand UnitsCommand(CliContext cli)
    {
        var units = CliOptions.Int("--units", "N", "trivial units to schedule", 1000, 2, 1_000_000);
        var workers = CliOptions.Int("--workers", "N", "local worker processes", 2, 1, 64);
        var command = new DiveCommand("units", "Scale-out overhead: N trivial units through the coordinator, worker processes and the file store; time per unit.") { units, workers };
        command.SetAction(parse => UnitsBenchmark.Run(cli.Out, parse.GetValue(units), parse.GetValue(workers)));
        return command;
    }

    private static DiveCommand LoadCommand(CliContext cli)
    {
        var repeats = CliOptions.Int("--repeats", "N", "timed runs (the median is reported)", 5, 1, 100);
        var dataDir = CliOptions.Text("--data-dir", "DIR", "Fashion-MNIST IDX folder", FashionMnist.DefaultDirectory);
        var command = new DiveCommand("load", "Fashion-MNIST: read + decode the 60,000 training images and build the IDataView.") { repeats, dataDir };
        command.SetAction(parse => Load(cli, parse.GetValue(repeats), parse.GetValue(dataDir)!));
        return command;
    }

    private static DiveCommand PreprocessCommand(CliContext cli)
    {
        var csv = CliOptions.Text("--csv", "PATH", "input CSV; generated with the recipe of pandas-oracle/scale when missing", "/tmp/diveml-scale.csv");
        var rows = CliOptions.Int("--rows", "N", "rows of a generated CSV", 1_000_000, 1, 50_000_000);
        var repeats = CliOptions.Int("--repeats", "N", "timed runs (the median is reported)", 3, 1, 20);
        var command = new DiveCommand("preprocess", "read_csv + FillNaMean + GetDummies(dummy_na) + materialise every output row.") { csv, rows, repeats };
        command.SetAction(parse => Preprocess(cli, parse.GetValue(csv)!, parse.GetValue(rows), parse.GetValue(repeats)));
        return command;
    }

    private static DiveCommand TrainCommand(CliContext cli)
    {
        var epochs = CliOptions.Int("--epochs", "N", "epochs per fit", 10, 1, 100);
        var rounds = CliOptions.Int("--rounds", "R", "alternations of the two loops in one process", 1, 1, 20);
        var dataDir = CliOptions.Text("--data-dir", "DIR", "Fashion-MNIST IDX folder", FashionMnist.DefaultDirectory);
        var device = CliOptions.OptionalEnum<TrainingDevice>("--device", CliOptions.WithDefault(
            "where both loops train: cpu, cuda (an error without CUDA), or auto (CUDA when TorchSharp sees it)", "cpu"));
        var command = new DiveCommand("train",
            "DiveML's MLP Fit on Fashion-MNIST (784-256-10, batch 256, SGD lr 0.1) against a plain TorchSharp loop over the same tensors; prints epoch times and their ratio.")
        { epochs, rounds, dataDir, device };
        command.SetAction(parse => TrainBenchmark.Run(cli.Out, parse.GetValue(epochs), parse.GetValue(rounds), parse.GetValue(dataDir)!,
            parse.GetValue(device) ?? TrainingDevice.Cpu));
        return command;
    }

    private static DiveCommand StepCommand(CliContext cli)
    {
        var steps = CliOptions.Int("--steps", "N", "optimiser steps per measurement", 2000, 10, 1_000_000);
        var rounds = CliOptions.Int("--rounds", "R", "alternations of the two loops (the median is reported)", 3, 1, 20);
        var command = new DiveCommand("step", "µs per optimiser step on 331→1 and 331→256→1 (Adam, batch 64/256): DiveML's Fit against a plain TorchSharp loop.") { steps, rounds };
        command.SetAction(parse => StepBenchmark.Run(cli.Out, parse.GetValue(steps), parse.GetValue(rounds)));
        return command;
    }

    private static DiveCommand KaggleCommand(CliContext cli)
    {
        var repeats = CliOptions.Int("--repeats", "N", "warm timed runs (the median is reported)", 3, 1, 20);
        var command = new DiveCommand("kaggle", "d2l 4.10's 5-fold run on the house prices (preprocessing per fold, training, evaluation), cold and warm.") { repeats };
        command.SetAction(parse => KaggleBenchmark.Run(cli.Out, parse.GetValue(repeats)));
        return command;
    }

    private static int Load(CliContext cli, int repeats, string dir)
    {
        int count = 0;
        var times = BenchClock.Measure(() => count = FashionMnist.Load(FashionMnistSplit.Train, dir).ToDataView().RowCount, repeats);
        cli.Out.WriteLine($"machine: {BenchClock.Machine()}");
        cli.Out.WriteLine($"Fashion-MNIST train ({count} images) load + IDataView: median {BenchClock.Median(times):F3} s over {repeats} runs (runs: {string.Join(", ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))})");
        return ExitCodes.Success;
    }

    private static int Preprocess(CliContext cli, string csv, int rows, int repeats)
    {
        if (!File.Exists(csv))
        {
            cli.Error.WriteLine($"generating {csv} ({rows} rows)…");
            ScaleCsvGenerator.Write(csv, rows);
        }
        cli.Out.WriteLine($"machine: {BenchClock.Machine()}");
        cli.Out.WriteLine($"input: {csv} ({new FileInfo(csv).Length / 1e6:F1} MB)");
        PreprocessBenchmark.RunOnce(csv); // warm-up
        var results = new List<PreprocessBenchmark.Result>();
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            BenchClock.ResetPeak();
            results.Add(PreprocessBenchmark.RunOnce(csv));
        }
        var median = results.OrderBy(r => r.TotalSeconds).ElementAt(results.Count / 2);
        var o = cli.Out;
        o.WriteLine($"output: {median.Rows} rows × {median.OutputWidth} features; dummy sum {median.DummySum} (10 per row = every block sums to 1); NaN left {median.NaNLeft}");
        o.WriteLine("| phase | median run (s) |");
        o.WriteLine("| --- | --- |");
        o.WriteLine($"| load CSV → IDataView (typed columns) | {median.LoadSeconds:F2} |");
        o.WriteLine($"| fit FillNaMean + GetDummies | {median.FitSeconds:F2} |");
        o.WriteLine($"| materialise every output row | {median.MaterialiseSeconds:F2} |");
        o.WriteLine($"| **end to end** | **{median.TotalSeconds:F2}** |");
        o.WriteLine($"peak RSS (run with the median total): {median.PeakRssBytes / (1024.0 * 1024 * 1024):F2} GiB; all totals: {string.Join(", ", results.Select(r => r.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))} s");
        return ExitCodes.Success;
    }
}
