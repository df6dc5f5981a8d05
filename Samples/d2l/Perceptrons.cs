using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 4.1 (activation functions and their gradients), 4.2 (an MLP from scratch) and 4.3 (concise, DiveML's TorchMlp).</summary>
public static class Perceptrons
{
    public static void Activations(SampleRun run)
    {
        var points = tensor(new[] { -2f, -1f, 0f, 1f, 2f });
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[] { ("relu", x => nn.functional.relu(x)), ("sigmoid", sigmoid), ("tanh", tanh) })
        {
            // The book plots f over arange(-8, 8, 0.1) and its gradient from y.backward(ones_like(x)).
            var x = points.clone().requires_grad_(true);
            var y = f(x);
            y.backward([ones_like(x)]);
            run.Line($"{name,-8} at x = -2..2: {SampleRun.Format(y.detach())}, gradient {SampleRun.Format(x.grad!)}");
        }
    }

    public static void FromScratch(SampleRun run)
    {
        manual_seed(1);
        var data = new FashionTensors(run.Budget(0, 20000));
        var W1 = (randn(784, 256) * 0.01).requires_grad_(true);
        var b1 = zeros(256).requires_grad_(true);
        var W2 = (randn(256, 10) * 0.01).requires_grad_(true);
        var b2 = zeros(10).requires_grad_(true);
        static Tensor Relu(Tensor x) => maximum(x, zeros_like(x));
        Tensor Net(Tensor x) => Relu(x.reshape(-1, 784).matmul(W1) + b1).matmul(W2) + b2;
        // nn.CrossEntropyLoss(reduction='none') on the logits.
        static Tensor Loss(Tensor yHat, Tensor y) => nn.functional.cross_entropy(yHat, y, reduction: nn.Reduction.None);
        TrainLoop.Run(run, data, Net, Loss, [W1, b1, W2, b2], run.Budget(10, 2), lr: 0.1);
        SoftmaxRegression.Predict(run, data, Net);
    }

    public static void Concise(SampleRun run)
    {
        var ml = new MLContext(1);
        IDataView train = FashionMnist.Load(FashionMnistSplit.Train).ToDataView();
        var test = FashionMnist.Load(FashionMnistSplit.Test).ToDataView();
        if (run.Quick) train = ml.Data.TakeRows(train, 20000);
        // nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)); SGD lr 0.1, batch 256, 10 epochs.
        var model = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 1, Epochs = run.Budget(10, 2), ValidationData = test }).Fit(train);
        run.Line($"parameters: {string.Join(", ", model.Parameters.Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]"))}");
        foreach (var e in model.History) run.Line($"epoch {e.Epoch}, loss {e.TrainLoss:F3}, train acc {e.TrainMetric:F3}, test acc {e.ValidationMetric:F3}");
        run.Line($"test accuracy (ML.NET Evaluate) {ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy:F4}");
    }
}
