using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

/// <summary>
/// Every chapter sample (Samples/d2l) runs in a fresh process on CI's small budget (--quick) and prints what the book
/// shows; these tests read the printed numbers. One process per file of sections.
/// </summary>
public class D2lSamplesTests
{
    /// <summary>The d2l app as built next to the tests (the project reference copies it with its runtimeconfig), so every TorchBackend flavour runs its own build.</summary>
    private static string SampleDll => typeof(DiveML.D2l.D2lProgram).Assembly.Location;

    internal static string Run(params string[] args)
    {
        Assert.True(File.Exists(SampleDll), $"{SampleDll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet", [SampleDll, .. args, "--quick"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"d2l {string.Join(' ', args)} ran longer than 3 minutes");
        }
        Assert.True(process.ExitCode == 0, $"d2l {string.Join(' ', args)} exited {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        return stdout.Result;
    }

    private static double Number(string output, string pattern)
    {
        var match = Regex.Match(output, pattern);
        Assert.True(match.Success, $"no line matches /{pattern}/ in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static double[] Numbers(string output, string pattern)
        => Regex.Matches(output, pattern).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    private static double[] List(string output, string pattern)
    {
        var match = Regex.Match(output, pattern);
        Assert.True(match.Success, $"no line matches /{pattern}/ in:\n{output}");
        return match.Groups[1].Value.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    private const string Decimal = @"(-?[0-9.]+(?:E[-+]?[0-9]+)?)";

    [Fact]
    public void Tensors_2_1_and_linear_algebra_2_3()
    {
        var output = Run("Tensors");
        Assert.Contains("x.numel() = 12", output);
        Assert.Contains("X.sum() = 66", output);
        Assert.Contains("id(Y) == before after Y = Y + X = False", output);
        Assert.Contains("id(X) unchanged after X += Y = True", output);
        Assert.Contains("A.sum(axis=0) = [40, 45, 50, 55]", output);
        Assert.Contains("mv(A, x) = [14, 38, 62, 86, 110]", output);
        Assert.Contains("dot(x, y) = 6", output);
        Assert.Contains("norm(u) = 5", output);
        Assert.Contains("abs(u).sum() = 7", output);
        Assert.Contains("norm(ones((4, 9))) = 6", output);
    }

    [Fact]
    public void Preprocessing_2_2_fills_the_mean_and_adds_a_nan_column()
    {
        var output = Run("2.2");
        Assert.Contains("fillna: mean of NumRooms = 3", output);
        Assert.Contains("get_dummies columns = [Alley_Pave, Alley_nan]", output);
        Assert.Contains("X = [[3, 1, 0]\n [2, 0, 1]\n [4, 0, 1]\n [3, 0, 1]]", output.ReplaceLineEndings("\n"));
        Assert.Contains("y = [127500, 106000, 178100, 140000]", output);
    }

    [Fact]
    public void Calculus_2_4_and_autograd_2_5()
    {
        var output = Run("Calculus");
        Assert.Equal(2.00003, Number(output, @"h=0.00001, numerical limit=" + Decimal), 5);
        Assert.Contains("x.grad = [0, 4, 8, 12]", output);
        Assert.Contains("grad of x.sum() = [1, 1, 1, 1]", output);
        Assert.Contains("x.grad == u = True", output);
        Assert.Contains("a.grad == d / a = True", output);
    }

    [Fact]
    public void Probability_2_6_and_documentation_2_7()
    {
        var output = Run("Probability");
        Assert.All(List(output, @"relative frequencies of 1,000 tosses = \[([^\]]+)\]"), f => Assert.InRange(f, 1 / 6.0 - 0.05, 1 / 6.0 + 0.05));
        Assert.All(List(output, @"estimates after 500 experiments = \[([^\]]+)\]"), f => Assert.InRange(f, 1 / 6.0 - 0.02, 1 / 6.0 + 0.02));
        Assert.Contains("torch.ones(4) = [1, 1, 1, 1]", output);
    }

    [Fact]
    public void Linear_regression_3_1_to_3_3_recovers_w_and_b()
    {
        var output = Run("LinearRegression");
        Assert.Contains("same result: True", output);
        var wErrors = Regex.Matches(output, @"error in estimating w: \[" + Decimal + ", " + Decimal + @"\]");
        Assert.Equal(2, wErrors.Count); // from scratch (3.2) and concise (3.3)
        foreach (Match m in wErrors)
        {
            Assert.InRange(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), -0.1, 0.1);
            Assert.InRange(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), -0.1, 0.1);
        }
        Assert.All(Numbers(output, "error in estimating b: " + Decimal), e => Assert.InRange(e, -0.1, 0.1));
        Assert.Contains("parameters: 0.weight [1, 2], 0.bias [1]", output);
    }

    [Fact]
    public void Softmax_regression_3_5_to_3_7_learns_Fashion_MNIST()
    {
        var output = Run("SoftmaxRegression");
        Assert.Contains("len(mnist_train), len(mnist_test) = 60000, 10000", output);
        Assert.Contains("cross_entropy([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], [0, 2]) = [2.3026, 0.6931]", output);
        // Two epochs on 20,000 images (--quick): far above chance (0.1); the book's 10 epochs reach ≈ 0.83.
        Assert.InRange(Numbers(output, "test acc " + Decimal)[1], 0.6, 1.0);                     // from scratch, last epoch
        Assert.InRange(Number(output, @"test accuracy \(ML.NET Evaluate\) " + Decimal), 0.6, 1.0); // concise
    }

    [Fact]
    public void Perceptrons_4_1_to_4_3()
    {
        var output = Run("Perceptrons");
        Assert.Contains("gradient [0.105, 0.1966, 0.25, 0.1966, 0.105]", output); // sigmoid'(0) = 1/4
        Assert.Contains("gradient [0.0707, 0.42, 1, 0.42, 0.0707]", output);      // tanh'(0) = 1
        Assert.InRange(Numbers(output, "test acc " + Decimal)[1], 0.6, 1.0);
        Assert.Contains("parameters: 0.weight [256, 784], 0.bias [256], 2.weight [10, 256], 2.bias [10]", output);
        Assert.InRange(Number(output, @"test accuracy \(ML.NET Evaluate\) " + Decimal), 0.6, 1.0);
    }

    [Fact]
    public void Generalization_4_4_to_4_6_shows_under_and_overfitting_weight_decay_and_dropout()
    {
        var output = Run("Generalization");
        var normal = List(output, @"third-order \(normal\): .*weight \[([^\]]+)\]");
        Assert.Equal([5, 1.2, -3.4, 5.6], normal, (a, b) => Math.Abs(a - b) < 0.2);
        double normalTrain = Number(output, @"third-order \(normal\): train loss " + Decimal);
        Assert.True(Number(output, @"linear \(underfitting\): train loss " + Decimal) > 10 * normalTrain, output);
        Assert.True(Number(output, @"degree 19 \(overfitting\): train loss " + Decimal) < Number(output, @"degree 19 \(overfitting\): train loss [0-9.]+, test loss " + Decimal), output);

        var norms = Numbers(output, "L2 norm of w: " + Decimal);    // scratch λ 0, λ 3, concise wd 0, wd 3
        var tests = Numbers(output, @"test loss " + Decimal + ", L2 norm");
        Assert.Equal(4, norms.Length);
        Assert.True(norms[1] < norms[0] / 5 && norms[3] < norms[2] / 5, output);
        Assert.True(tests[1] < tests[0] && tests[3] < tests[2], output);

        Assert.Contains("dropout_layer(X, 1.) = [[0, 0, 0", output);
        Assert.Contains("parameters: 0.weight, 0.bias, 3.weight, 3.bias, 6.weight, 6.bias", output);
        Assert.All(Numbers(output, "epoch 2, .*test acc " + Decimal), a => Assert.InRange(a, 0.5, 1.0));
    }

    [Fact]
    public void Stability_4_8_shows_vanishing_and_exploding_values()
    {
        var output = Run("4.8");
        Assert.Contains("sigmoid gradient at x = -8, -4, 0, 4, 8: [0.0003, 0.0177, 0.25, 0.0177, 0.0003]", output);
        Assert.True(Number(output, @"largest \|entry\| after 100 products: " + Decimal) > 1e10, output);
    }

    [Fact]
    public void House_prices_4_10_reaches_the_books_log_rmse()
    {
        var output = Run("4.10");
        Assert.Equal(5, Regex.Matches(output, "^fold [1-5], ", RegexOptions.Multiline).Count);
        Assert.InRange(Number(output, "avg valid log rmse: " + Decimal), 0.1, 0.2); // d2l: ≈ 0.17
    }

    [Fact]
    public void Computation_5_1_to_5_4_blocks_save_load_and_score_as_their_forward()
    {
        var output = Run("Computation");
        foreach (var name in new[] { "MLP", "MySequential", "FixedHiddenMLP", "chimera", "CenteredLayer", "MyLinear" })
        {
            var line = Regex.Match(output, $"^{Regex.Escape(name)}: (.*)$", RegexOptions.Multiline);
            Assert.True(line.Success, $"no line for {name}:\n{output}");
            Assert.Contains("saved (exportable)", line.Value);
            Assert.InRange(Number(line.Value, @"max \|loaded - forward\| = " + Decimal), 0, 1e-5);
        }
        Assert.Contains("parameters in the zip: hidden.weight [32, 20], hidden.bias [32], out.weight [1, 32], out.bias [1]", output);
        Assert.Contains("equal to the fitted one: True", output);
        Assert.Contains("after net[2].weight.data[0, 0] = 100, still equal = True", output);
        Assert.Contains("inputs = 20, outputs = 1", output);
        Assert.InRange(Math.Abs(Number(output, @"Y.mean\(\) = " + Decimal)), 0, 1e-5);
    }

    [Fact]
    public void File_io_5_5_round_trips_weights_and_scores_PyTorchs()
    {
        var output = Run("FileIo");
        Assert.Contains("mydict2 = {'x': [0, 1, 2, 3], 'y': [0, 0, 0, 0]}", output);
        Assert.Contains("Y_clone == Y = True", output);
        Assert.Contains("predicts the same: True", output);
        Assert.Contains("Fashion-MNIST test accuracy in ML.NET 0.8211 (PyTorch: 0.8211)", output);
    }

    [Fact]
    public void Gpus_5_6_reports_the_devices()
    {
        var output = Run("5.6");
        Assert.Matches(@"x\.device = (cpu|cuda)", output);
        Assert.Contains("DiveML trains on", output);
    }

    [Fact]
    public void The_README_maps_exactly_the_sections_the_samples_run()
    {
        var listed = DiveML.D2l.Sections.All.Select(s => s.Number).ToArray();
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "Samples", "d2l", "README.md"));
        var mapped = Regex.Matches(readme, @"^\| ([2-5]\.[0-9]+) \|.*\| `(\w+)\.cs` \|", RegexOptions.Multiline)
            .Select(m => (Number: m.Groups[1].Value, File: m.Groups[2].Value)).ToArray();
        Assert.Equal(listed, mapped.Select(m => m.Number));
        Assert.Equal(DiveML.D2l.Sections.All.Select(s => s.File), mapped.Select(m => m.File));
        Assert.All(mapped, m => Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "Samples", "d2l", m.File + ".cs")), m.File));
    }
}
