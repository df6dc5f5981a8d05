using System.Diagnostics;
using DiveML.Extensions.Data;
using DiveML.Samples.Cli;

namespace DiveML.Samples.Commands;

/// <summary><c>dive all</c>: the README's main job — every workflow end to end on the shipped data.</summary>
public static class AllCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var outDir = CliOptions.Text("--out", "DIR", "output folder", "out");
        var dataDir = CliOptions.Text("--data-dir", "DIR", "Fashion-MNIST IDX folder", FashionMnist.DefaultDirectory);
        var command = new DiveCommand("all",
            "The main job: house prices (d2l 4.10 + an MLP) and Fashion-MNIST (d2l MLP + a better one) end to end, outputs in ./out.",
            """
            Runs, in order:
              dive data                                    shapes of the shipped data
              dive preprocess (house prices train.csv)     pandas-exact fillna + get_dummies  → DIR/house-prices-preprocessed.csv
              dive kaggle --model linear (d2l 4.10)        K-fold report, curves, submission  → DIR/house-prices-linear/
              dive kaggle --model mlp --log-target         the better configuration           → DIR/house-prices-mlp/
                (both ranked by --metric log_rmse, Kaggle's house-prices metric)
              dive fashion-mnist --model mlp (d2l 4.3)     metrics, curves, predictions grid  → DIR/fashion-mnist-mlp/
              dive fashion-mnist (better configuration)    Adam, dropout, cosine schedule     → DIR/fashion-mnist-best/
            """)
        { outDir, dataDir };
        command.SetAction(parse => Run(cli, parse.GetValue(outDir)!, parse.GetValue(dataDir)!));
        return command;
    }

    private static int Run(CliContext cli, string outDir, string dataDir)
    {
        Directory.CreateDirectory(outDir);
        var clock = Stopwatch.StartNew();
        string[] house = ["--train", Paths.HousePricesTrain, "--test", Paths.HousePricesTest, "--label", "SalePrice", "--id", "Id", "--metric", "log_rmse", "--seed", "1"];
        // The default folder is left implicit, so each step's echo line is the command a user would type.
        string[] data = dataDir == FashionMnist.DefaultDirectory ? [] : ["--data-dir", dataDir];
        string[][] steps =
        [
            ["data", .. data],
            ["preprocess", "--data", Paths.HousePricesTrain, "--out", Path.Combine(outDir, "house-prices-preprocessed.csv"), "--exclude", "Id,SalePrice"],
            ["kaggle", .. house, "--model", "linear", "--out", Path.Combine(outDir, "house-prices-linear")],
            ["kaggle", .. house, "--model", "mlp", "--log-target", "--out", Path.Combine(outDir, "house-prices-mlp")],
            ["fashion-mnist", "--model", "mlp", "--seed", "1", "--out", Path.Combine(outDir, "fashion-mnist-mlp"), .. data],
            ["fashion-mnist", "--model", "mlp", .. FashionMnistCommand.BetterConfiguration, "--seed", "1", "--out", Path.Combine(outDir, "fashion-mnist-best"), .. data],
        ];
        foreach (var step in steps)
        {
            cli.Out.WriteLine();
            cli.Out.WriteLine($"== ./dive {string.Join(' ', step)}");
            int code = cli.Run(step);
            if (code != ExitCodes.Success) return code;
        }
        cli.Out.WriteLine();
        cli.Out.WriteLine($"All workflows finished in {clock.Elapsed.TotalSeconds:F0} s; outputs are under {Path.GetFullPath(outDir)}.");
        return ExitCodes.Success;
    }
}
