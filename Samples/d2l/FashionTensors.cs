using DiveML.Extensions.Data;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>
/// d2l's load_data_fashion_mnist for the from-scratch sections: the images as float tensors (pixel / 255, 784 per row)
/// and int64 labels, minibatches of shuffled row indexes, and the test accuracy of a model.
/// </summary>
public sealed class FashionTensors
{
    public FashionTensors(int trainLimit = 0)
    {
        (TrainX, TrainY) = Load(FashionMnistSplit.Train, trainLimit);
        (TestX, TestY) = Load(FashionMnistSplit.Test, 0);
    }

    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    /// <summary>Shuffled minibatches of the training rows (the last one shorter), as DataLoader(shuffle=True) gives them.</summary>
    public IEnumerable<(Tensor X, Tensor Y)> Batches(int batchSize)
    {
        var order = randperm(TrainX.shape[0]);
        for (long start = 0; start < TrainX.shape[0]; start += batchSize)
        {
            var index = order.narrow(0, start, Math.Min(batchSize, TrainX.shape[0] - start));
            yield return (TrainX.index_select(0, index), TrainY.index_select(0, index));
        }
    }

    /// <summary>d2l's evaluate_accuracy on the test images.</summary>
    public double TestAccuracy(Func<Tensor, Tensor> net)
    {
        using var _ = no_grad();
        return Accuracy(net(TestX), TestY);
    }

    /// <summary>The fraction of rows whose largest output is the label.</summary>
    public static double Accuracy(Tensor yHat, Tensor y) => yHat.argmax(1).eq(y).sum().item<long>() / (double)y.shape[0];

    private static (Tensor X, Tensor Y) Load(FashionMnistSplit split, int limit)
    {
        var images = FashionMnist.Load(split);
        int rows = limit > 0 ? Math.Min(limit, images.Count) : images.Count;
        int size = images.Height * images.Width;
        var pixels = new float[rows * size];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Pixels[i] / 255f;
        return (tensor(pixels, [rows, size]), tensor(images.Labels.Take(rows).Select(l => (long)l).ToArray()));
    }
}
