using DiveML.Extensions.Data;
using DiveML.Samples.Cli;
using Microsoft.Data.Analysis;

namespace DiveML.Samples.Commands;

/// <summary><c>dive data</c>: loads the shipped house-prices CSVs and Fashion-MNIST and prints their shapes.</summary>
public sealed class DataCommand : ICommand
{
    public string Name => "data";
    public string Summary => "Load the house-prices CSVs and Fashion-MNIST and print their shapes and types.";
    public string Usage => """
        ./dive data [--house-prices DIR] [--data-dir DIR]
          --house-prices DIR  folder with train.csv/test.csv (default: data/house-prices)
          --data-dir DIR      Fashion-MNIST IDX folder (default: /usr/share/datasets/fashion-mnist)
        """;

    public int Run(CommandArgs args)
    {
        var house = args.String("house-prices", Paths.HousePrices);
        var mnistDir = args.Optional("data-dir");
        args.EnsureAllUsed();
        foreach (var file in new[] { "train.csv", "test.csv" })
        {
            var path = Path.Combine(house, file);
            var df = CsvDataFrameLoader.Load(path);
            var types = df.Columns.GroupBy(c => c.DataType.Name).Select(g => $"{g.Count()} {g.Key}");
            long missing = df.Columns.Sum(c => c.NullCount);
            args.Out.WriteLine($"{path}: {df.Rows.Count} rows × {df.Columns.Count} columns ({string.Join(", ", types)}; {missing} missing values)");
        }
        foreach (var split in new[] { FashionMnistSplit.Train, FashionMnistSplit.Test })
        {
            var images = FashionMnist.Load(split, mnistDir);
            var histogram = string.Join(" ", Enumerable.Range(0, 10).Select(k => images.Labels.Count(l => l == k)));
            args.Out.WriteLine($"Fashion-MNIST {split.ToString().ToLowerInvariant()}: {images.Count} images of {images.Height}×{images.Width}; per class: {histogram}");
        }
        return 0;
    }
}
