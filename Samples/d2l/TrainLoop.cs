using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l's train_ch3 for the from-scratch models: minibatch SGD on parameters the section owns, loss and accuracy per epoch.</summary>
public static class TrainLoop
{
    // loss: per-example losses of (outputs, labels); summed per minibatch, the gradient divided by its size in the update.
    public static void Run(SampleRun run, FashionTensors data, Func<Tensor, Tensor> net, Func<Tensor, Tensor, Tensor> loss, Tensor[] parameters,
        int epochs, double lr, int batchSize = 256)
    {
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            double lossSum = 0, correct = 0;
            long seen = 0;
            foreach (var (x, y) in data.Batches(batchSize))
            {
                using var scope = NewDisposeScope();
                var yHat = net(x);
                var l = loss(yHat, y).sum();
                l.backward();
                using (no_grad())
                {
                    // d2l's sgd: param -= lr * param.grad / batch_size
                    foreach (var p in parameters)
                    {
                        p.sub_(p.grad! * (lr / x.shape[0]));
                        p.grad!.zero_();
                    }
                }
                lossSum += l.item<float>();
                correct += FashionTensors.Accuracy(yHat, y) * x.shape[0];
                seen += x.shape[0];
            }
            run.Line($"epoch {epoch}, loss {lossSum / seen:F3}, train acc {correct / seen:F3}, test acc {data.TestAccuracy(net):F3}");
        }
    }
}
