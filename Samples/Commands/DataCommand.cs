using DiveML.Extensions.Data;
using DiveML.Samples.Cli;
using Microsoft.Data.Analysis;

namespace DiveML.Samples.Commands;

/// <summary><c>dive data</c>: loads the shipped house-prices CSVs and Fashion-MNIST and prints their shapes.</summary>
public static class DataCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var house = CliOptions.Text("--house-prices", "DIR", "folder with train.csv and test.csv", Paths.HousePrices);
        var dataDir = CliOptions.Text("--data-dir", "DIR", "Fashion-MNIST IDX folder", FashionMnist.DefaultDirectory);
        var command = new DiveCommand("data", "Load the house-prices CSVs and Fashion-MNIST and print their shapes and types.") { house, dataDir };
        command.SetAction(parse => Run(cli, parse.GetValue(house)!, parse.GetValue(dataDir)!));
        return command;
    }

    private static int Run(CliContext cli, string house, string mnistDir)
    {
        foreach (var file in new[] { "train.csv", "test.csv" })
        {
            var path = Path.Combine(house, file);
            var df = CsvDataFrameLoader.Load(path);
            var types = df.Columns.GroupBy(c => c.DataType.Name).Select(g => $"{g.Count()} {g.Key}");
            long missing = df.Columns.Sum(c => c.NullCount);
            cli.Out.WriteLine($"{path}: {df.Rows.Count} rows × {df.Columns.Count} columns ({string.Join(", ", types)}; {missing} missing values)");
        }
        foreach (var split in new[] { FashionMnistSplit.Train, FashionMnistSplit.Test })
        {
            var images = FashionMnist.Load(split, mnistDir);
            var histogram = string.Join(" ", Enumerable.Range(0, 10).Select(k => images.Labels.Count(l => l == k)));
            cli.Out.WriteLine($"Fashion-MNIST {split.ToString().ToLowerInvariant()}: {images.Count} images of {images.Height}×{images.Width}; per class: {histogram}");
        }
        return ExitCodes.Success;
    }
}
