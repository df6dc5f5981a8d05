using System.Diagnostics;
using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 3.1 (vectorisation, the normal distribution), 3.2 (from scratch with autograd) and 3.3 (concise, DiveML's TorchLinear).</summary>
public static class LinearRegression
{
    private static readonly float[] TrueW = [2f, -3.4f];
    private const float TrueB = 4.2f;

    public static void Vectorization(SampleRun run)
    {
        int n = run.Budget(10000, 1000);
        var a = ones(n);
        var b = ones(n);
        var c = zeros(n);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < n; i++) c[i] = a[i] + b[i];
        double loop = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var d = a + b;
        double vectorized = clock.Elapsed.TotalSeconds;
        run.Line($"for-loop: {loop:F5} sec, vectorized: {vectorized:F5} sec for {n} additions; same result: {c.eq(d).all().item<bool>()}");
        // The normal distribution the squared loss comes from: p(x) = exp(−(x − μ)² / 2σ²) / √(2πσ²).
        var x = arange(-2.0, 2.5, 1.0);
        foreach (var (mu, sigma) in new[] { (0.0, 1.0), (0.0, 2.0), (3.0, 1.0) })
            run.Show($"normal(x, mean {mu}, std {sigma}) at x = -2..2", (1 / Math.Sqrt(2 * Math.PI * sigma * sigma)) * exp(-0.5 / (sigma * sigma) * (x - mu).square()));
    }

    public static void FromScratch(SampleRun run)
    {
        manual_seed(1);
        var (features, labels) = SyntheticData(tensor(TrueW), TrueB, 1000);
        run.Line($"features[0]: {SampleRun.Format(features[0])}, label: {labels[0].item<float>():0.####}");
        var w = normal(0, 0.01, [2, 1]).requires_grad_(true);
        var b = zeros(1).requires_grad_(true);
        double lr = 0.03;
        int batchSize = 10;
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            var order = randperm(1000);
            for (int start = 0; start < 1000; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, batchSize);
                var loss = SquaredLoss(Linreg(features.index_select(0, index), w, b), labels.index_select(0, index));
                loss.sum().backward();
                using (no_grad())
                    foreach (var p in new[] { w, b })
                    {
                        p.sub_(p.grad! * (lr / batchSize));
                        p.grad!.zero_();
                    }
            }
            using (no_grad())
                run.Line($"epoch {epoch}, loss {SquaredLoss(Linreg(features, w, b), labels).mean().item<float>():F6}");
        }
        Report(run, w.detach().reshape(-1).data<float>().ToArray(), b.item<float>());
    }

    public static void Concise(SampleRun run)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadSyntheticLinear(TrueW, TrueB, 1000);
        // nn.Sequential(nn.Linear(2, 1)), normal_(0, 0.01) weights, MSE loss, SGD lr 0.03, batch 10, 3 epochs: d2l 3.3's settings.
        var model = ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions { Seed = 1 }).Fit(data);
        foreach (var epoch in model.History) run.Line($"epoch {epoch.Epoch}, loss {epoch.TrainLoss:F6} (MSE over the epoch's minibatches)");
        run.Line($"parameters: {string.Join(", ", model.Parameters.Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]"))}");
        Report(run, model.Parameters.Single(p => p.Name == "0.weight").Values, model.Parameters.Single(p => p.Name == "0.bias").Values[0]);
    }

    /// <summary>d2l's synthetic_data: X ~ N(0, 1), y = Xw + b + N(0, 0.01²).</summary>
    private static (Tensor X, Tensor Y) SyntheticData(Tensor w, float b, int n)
    {
        var x = normal(0, 1, [n, w.shape[0]]);
        var y = x.matmul(w) + b;
        y += normal(0, 0.01, y.shape);
        return (x, y.reshape(-1, 1));
    }

    private static Tensor Linreg(Tensor x, Tensor w, Tensor b) => x.matmul(w) + b;

    private static Tensor SquaredLoss(Tensor yHat, Tensor y) => (yHat - y.reshape(yHat.shape)).square() / 2;

    private static void Report(SampleRun run, float[] w, float b)
    {
        run.Line($"w = [{w[0]:F4}, {w[1]:F4}] (true [2, -3.4]), b = {b:F4} (true 4.2)");
        run.Line($"error in estimating w: [{TrueW[0] - w[0]:F4}, {TrueW[1] - w[1]:F4}]");
        run.Line($"error in estimating b: {TrueB - b:F4}");
    }
}
