using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 4.4 (polynomial under- and overfitting), 4.5 (weight decay, from scratch and concise) and 4.6 (dropout).</summary>
public static class Generalization
{
    public static void Polynomial(SampleRun run)
    {
        manual_seed(1);
        const int maxDegree = 20, nTrain = 100, nTest = 100;
        var trueW = zeros(maxDegree);
        trueW[TensorIndex.Slice(0, 4)] = tensor(new[] { 5f, 1.2f, -3.4f, 5.6f });
        var features = normal(0, 1, [nTrain + nTest, 1]);
        // x^i / i! for i = 0..19 (the factorial keeps the high powers from exploding), then y = Σ w_i x^i/i! + N(0, 0.1²).
        var poly = features.pow(arange(maxDegree, float32).reshape(1, -1));
        var factorial = tensor(Enumerable.Range(0, maxDegree).Select(i => (float)Enumerable.Range(1, i).Aggregate(1.0, (a, k) => a * k)).ToArray());
        poly /= factorial;
        var labels = poly.matmul(trueW) + normal(0, 0.1, [nTrain + nTest]);
        run.Show("features[:2], labels[:2]", new[] { features[TensorIndex.Slice(0, 2)].reshape(-1), labels[TensorIndex.Slice(0, 2)] });

        void Fit(string name, int dims, int epochs)
        {
            var x = poly[TensorIndex.Colon, TensorIndex.Slice(0, dims)];
            var (trainX, testX) = (x[TensorIndex.Slice(0, nTrain)], x[TensorIndex.Slice(nTrain, null)]);
            var (trainY, testY) = (labels[TensorIndex.Slice(0, nTrain)].reshape(-1, 1), labels[TensorIndex.Slice(nTrain, null)].reshape(-1, 1));
            // nn.Sequential(nn.Linear(dims, 1, bias=False)), MSE, SGD lr 0.01, batch 10, the weights printed at the end.
            var net = nn.Sequential(nn.Linear(dims, 1, hasBias: false));
            var optimizer = optim.SGD(net.parameters(), 0.01);
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                var order = randperm(nTrain);
                for (int start = 0; start < nTrain; start += 10)
                {
                    using var scope = NewDisposeScope();
                    var index = order.narrow(0, start, 10);
                    var loss = nn.functional.mse_loss(net.forward(trainX.index_select(0, index)), trainY.index_select(0, index));
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }
            using var _ = no_grad();
            float trainLoss = nn.functional.mse_loss(net.forward(trainX), trainY).item<float>();
            float testLoss = nn.functional.mse_loss(net.forward(testX), testY).item<float>();
            run.Line($"{name}: train loss {trainLoss:F4}, test loss {testLoss:F4}, weight {SampleRun.Format(net.parameters().First().detach().reshape(-1).narrow(0, 0, Math.Min(dims, 4)))}{(dims > 4 ? " …" : "")}");
        }
        Fit("third-order (normal)", 4, 400);
        Fit("linear (underfitting)", 2, 400);
        Fit("degree 19 (overfitting)", maxDegree, run.Budget(1500, 600));
        run.Line("true weight [5, 1.2, -3.4, 5.6]");
    }

    public static void WeightDecay(SampleRun run)
    {
        // 20 training examples of 200 features: y = 0.05 + Σ 0.01·x_i + noise, the setting in which decay matters.
        const int nTrain = 20, nTest = 100, inputs = 200, batch = 5, epochs = 100;
        var trueW = Enumerable.Repeat(0.01f, inputs).ToArray();
        run.Line("from scratch (λ·‖w‖²/2 added to the squared loss):");
        manual_seed(1);
        var (trainX, trainY) = Synthetic(trueW, 0.05f, nTrain);
        var (testX, testY) = Synthetic(trueW, 0.05f, nTest);
        foreach (var lambda in new[] { 0.0, 3.0 })
        {
            var w = normal(0, 1, [inputs, 1]).requires_grad_(true);
            var b = zeros(1).requires_grad_(true);
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                var order = randperm(nTrain);
                for (int start = 0; start < nTrain; start += batch)
                {
                    using var scope = NewDisposeScope();
                    var index = order.narrow(0, start, batch);
                    var yHat = trainX.index_select(0, index).matmul(w) + b;
                    var l = (yHat - trainY.index_select(0, index)).square() / 2 + lambda * w.square().sum() / 2;
                    l.sum().backward();
                    using (no_grad())
                        foreach (var p in new[] { w, b })
                        {
                            p.sub_(p.grad! * (0.003 / batch));
                            p.grad!.zero_();
                        }
                }
            }
            using var _ = no_grad();
            run.Line($"  lambda {lambda}: train loss {((trainX.matmul(w) + b - trainY).square() / 2).mean().item<float>():F4}, " +
                $"test loss {((testX.matmul(w) + b - testY).square() / 2).mean().item<float>():F4}, L2 norm of w: {w.norm().item<float>():F4}");
        }

        run.Line("concise (DiveML's TorchLinear, WeightDecay on the weight only):");
        var ml = new MLContext(1);
        var train = SyntheticData.Linear(trueW, 0.05f, nTrain, seed: 1);
        var test = SyntheticData.Linear(trueW, 0.05f, nTest, seed: 2);
        // The book starts from param.data.normal_(): N(0, 1) weight and bias, given here as initial weights.
        manual_seed(2);
        var bookStart = new StateDict([
            new StateDictEntry("0.weight", [1, inputs], normal(0, 1, [inputs]).data<float>().ToArray()),
            new StateDictEntry("0.bias", [1], normal(0, 1, [1]).data<float>().ToArray())]);
        foreach (var wd in new[] { 0.0, 3.0 })
        {
            var model = ml.Regression.Trainers.TorchLinear(new LinearRegressionOptions
            {
                Seed = 1, Epochs = epochs, BatchSize = batch, LearningRate = 0.003, WeightDecay = wd, InitialWeights = bookStart,
            }).Fit(train);
            var w = model.Parameters.Single(p => p.Name == "0.weight").Values;
            double testMse = Math.Pow(ml.Regression.Evaluate(model.Transform(test)).RootMeanSquaredError, 2);
            run.Line($"  wd {wd}: train loss {model.History[^1].TrainLoss:F4}, test loss {testMse:F4}, L2 norm of w: {Math.Sqrt(w.Sum(v => (double)v * v)):F4}");
        }
    }

    public static void Dropout(SampleRun run)
    {
        manual_seed(1);
        // dropout_layer: keep each element with probability 1 − p and divide by 1 − p, so the expectation is unchanged.
        static Tensor DropoutLayer(Tensor x, double p) => p == 1 ? zeros_like(x) : p == 0 ? x : (rand(x.shape) > p).to(float32) * x / (1 - p);
        var X = arange(16, float32).reshape(2, 8);
        run.Show("dropout_layer(X, 0.)", DropoutLayer(X, 0));
        run.Show("dropout_layer(X, 0.5)", DropoutLayer(X, 0.5));
        run.Show("dropout_layer(X, 1.)", DropoutLayer(X, 1));

        var data = new FashionTensors(run.Budget(0, 20000));
        var W1 = (randn(784, 256) * 0.01).requires_grad_(true);
        var b1 = zeros(256).requires_grad_(true);
        var W2 = (randn(256, 256) * 0.01).requires_grad_(true);
        var b2 = zeros(256).requires_grad_(true);
        var W3 = (randn(256, 10) * 0.01).requires_grad_(true);
        var b3 = zeros(10).requires_grad_(true);
        bool training = true;
        // Dropout 0.2 after the first hidden layer and 0.5 after the second, in training only (evaluation runs under no_grad).
        Tensor Net(Tensor x)
        {
            var h1 = nn.functional.relu(x.matmul(W1) + b1);
            if (training) h1 = DropoutLayer(h1, 0.2);
            var h2 = nn.functional.relu(h1.matmul(W2) + b2);
            if (training) h2 = DropoutLayer(h2, 0.5);
            return h2.matmul(W3) + b3;
        }
        run.Line("from scratch:");
        TrainLoop.Run(run, data, x => { training = is_grad_enabled(); return Net(x); },
            (yHat, y) => nn.functional.cross_entropy(yHat, y, reduction: nn.Reduction.None), [W1, b1, W2, b2, W3, b3], run.Budget(10, 2), lr: 0.5);

        run.Line("concise (DiveML's TorchMlp with Dropout [0.2, 0.5]):");
        var ml = new MLContext(1);
        IDataView train = FashionMnist.Load(FashionMnistSplit.Train).ToDataView();
        var test = FashionMnist.Load(FashionMnistSplit.Test).ToDataView();
        if (run.Quick) train = ml.Data.TakeRows(train, 20000);
        var model = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions
        {
            Seed = 1, HiddenLayers = [256, 256], Dropout = [0.2, 0.5], LearningRate = 0.5, Epochs = run.Budget(10, 2), ValidationData = test,
        }).Fit(train);
        run.Line($"parameters: {string.Join(", ", model.Parameters.Select(p => p.Name))} (Dropout layers are numbered too)");
        foreach (var e in model.History) run.Line($"epoch {e.Epoch}, loss {e.TrainLoss:F3}, train acc {e.TrainMetric:F3}, test acc {e.ValidationMetric:F3}");
    }

    private static (Tensor X, Tensor Y) Synthetic(float[] w, float b, int n)
    {
        var x = normal(0, 1, [n, w.Length]);
        var y = x.matmul(tensor(w).reshape(-1, 1)) + b;
        return (x, y + normal(0, 0.01, y.shape));
    }
}
