using System.Diagnostics;
using DiveML.Samples.Cli;

namespace DiveML.Samples.Commands;

/// <summary><c>dive all</c>: the README's main job — every workflow end to end on the shipped data.</summary>
public sealed class AllCommand : ICommand
{
    public string Name => "all";
    public string Summary => "The main job: house prices (d2l 4.10 + an MLP) and Fashion-MNIST (d2l MLP + a better one) end to end, outputs in ./out.";
    public string Usage => """
        ./dive all [--out DIR] [--data-dir DIR]
          --out DIR        output folder (default: out)
          --data-dir DIR   Fashion-MNIST IDX folder (default /usr/share/datasets/fashion-mnist)
        Runs, in order:
          dive data                                    shapes of the shipped data
          dive preprocess (house prices train.csv)     pandas-exact fillna + get_dummies  → DIR/house-prices-preprocessed.csv
          dive kaggle --model linear (d2l 4.10)        K-fold report, curves, submission  → DIR/house-prices-linear/
          dive kaggle --model mlp --log-target         the better configuration           → DIR/house-prices-mlp/
          dive fashion-mnist --model mlp (d2l 4.3)     metrics, curves, predictions grid  → DIR/fashion-mnist-mlp/
          dive fashion-mnist (better configuration)    Adam, dropout, cosine schedule     → DIR/fashion-mnist-best/
        """;

    public int Run(CommandArgs args)
    {
        var outDir = args.String("out", "out");
        var dataDir = args.Optional("data-dir");
        args.EnsureAllUsed();
        Directory.CreateDirectory(outDir);
        var clock = Stopwatch.StartNew();
        string[] house = ["--train", Paths.HousePricesTrain, "--test", Paths.HousePricesTest, "--label", "SalePrice", "--id", "Id", "--seed", "1"];
        string[][] steps =
        [
            ["data", .. DataDir(dataDir)],
            ["preprocess", "--data", Paths.HousePricesTrain, "--out", Path.Combine(outDir, "house-prices-preprocessed.csv"), "--exclude", "Id,SalePrice"],
            ["kaggle", .. house, "--model", "linear", "--out", Path.Combine(outDir, "house-prices-linear")],
            ["kaggle", .. house, "--model", "mlp", "--log-target", "--out", Path.Combine(outDir, "house-prices-mlp")],
            ["fashion-mnist", "--model", "mlp", "--seed", "1", "--out", Path.Combine(outDir, "fashion-mnist-mlp"), .. DataDir(dataDir)],
            ["fashion-mnist", "--model", "mlp", .. FashionMnistCommand.BetterConfiguration, "--seed", "1", "--out", Path.Combine(outDir, "fashion-mnist-best"), .. DataDir(dataDir)],
        ];
        foreach (var step in steps)
        {
            args.Out.WriteLine();
            args.Out.WriteLine($"== ./dive {string.Join(' ', step)}");
            int code = CommandRunner.Run(step, args.Out, args.Error);
            if (code != 0) return code;
        }
        args.Out.WriteLine();
        args.Out.WriteLine($"All workflows finished in {clock.Elapsed.TotalSeconds:F0} s; outputs are under {Path.GetFullPath(outDir)}.");
        return 0;
    }

    private static string[] DataDir(string? dir) => dir is null ? [] : ["--data-dir", dir];
}
