using System.Diagnostics;
using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 3.5 (Fashion-MNIST), 3.6 (softmax regression from scratch) and 3.7 (concise, DiveML's TorchSoftmax).</summary>
public static class SoftmaxRegression
{
    public static void Dataset(SampleRun run)
    {
        var clock = Stopwatch.StartNew();
        var train = FashionMnist.Load(FashionMnistSplit.Train);
        var test = FashionMnist.Load(FashionMnistSplit.Test);
        run.Line($"len(mnist_train), len(mnist_test) = {train.Count}, {test.Count}");
        run.Line($"mnist_train[0][0].shape = [1, {train.Height}, {train.Width}]");
        run.Line($"labels of the first 18 training images: {string.Join(", ", train.Labels.Take(18).Select(l => FashionMnistImages.ClassNames[l]))}");
        run.Line($"read both sets in {clock.Elapsed.TotalSeconds:F2} sec");
    }

    public static void FromScratch(SampleRun run)
    {
        manual_seed(1);
        var data = new FashionTensors(run.Budget(0, 20000));
        var W = normal(0, 0.01, [784, 10]).requires_grad_(true);
        var b = zeros(10).requires_grad_(true);
        var X = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        run.Show("X.sum(0, keepdim=True), X.sum(1, keepdim=True)", new[] { X.sum(0, keepdim: true), X.sum(1, keepdim: true) });
        var probabilities = Softmax(normal(0, 1, [2, 5]));
        run.Show("softmax rows sum to", probabilities.sum(1));
        // net(X) = softmax(XW + b); cross_entropy(ŷ, y) = −log ŷ[i, y_i], picked with the labels as indexes.
        Tensor Net(Tensor x) => Softmax(x.reshape(-1, 784).matmul(W) + b);
        static Tensor CrossEntropy(Tensor yHat, Tensor y) => -yHat.gather(1, y.reshape(-1, 1)).log();
        run.Show("cross_entropy([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], [0, 2])",
            CrossEntropy(tensor(new float[,] { { 0.1f, 0.3f, 0.6f }, { 0.3f, 0.2f, 0.5f } }), tensor(new long[] { 0, 2 })).reshape(-1));
        TrainLoop.Run(run, data, Net, CrossEntropy, [W, b], run.Budget(10, 2), lr: 0.1);
        Predict(run, data, Net);
    }

    public static void Concise(SampleRun run)
    {
        var ml = new MLContext(1);
        IDataView train = FashionMnist.Load(FashionMnistSplit.Train).ToDataView();
        var test = FashionMnist.Load(FashionMnistSplit.Test).ToDataView();
        if (run.Quick) train = ml.Data.TakeRows(train, 20000);
        // nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), normal_(0, 0.01), CrossEntropyLoss, SGD lr 0.1, batch 256.
        var model = ml.MulticlassClassification.Trainers.TorchSoftmax(new SoftmaxRegressionOptions
        {
            Seed = 1, Epochs = run.Budget(10, 2), ValidationData = test,
        }).Fit(train);
        foreach (var e in model.History) run.Line($"epoch {e.Epoch}, loss {e.TrainLoss:F3}, train acc {e.TrainMetric:F3}, test acc {e.ValidationMetric:F3}");
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        run.Line($"test accuracy (ML.NET Evaluate) {metrics.MicroAccuracy:F4}");
    }

    /// <summary>softmax(X)_ij = exp(X_ij) / Σ_k exp(X_ik), as the book writes it (no max subtraction).</summary>
    private static Tensor Softmax(Tensor x)
    {
        var e = x.exp();
        return e / e.sum(1, keepdim: true);
    }

    /// <summary>d2l's predict_ch3: the first six test images, true label above the prediction.</summary>
    public static void Predict(SampleRun run, FashionTensors data, Func<Tensor, Tensor> net)
    {
        using var _ = no_grad();
        var predicted = net(data.TestX.narrow(0, 0, 6)).argmax(1).data<long>().ToArray();
        var truth = data.TestY.narrow(0, 0, 6).data<long>().ToArray();
        for (int i = 0; i < 6; i++) run.Line($"  true {FashionMnistImages.ClassNames[(int)truth[i]],-12} predicted {FashionMnistImages.ClassNames[(int)predicted[i]]}");
    }
}
