using DiveML.Tests.Support;
using DiveML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Tests.Trainers;

[Collection(GlobalGeneratorCollection.Name)]
public class GeneratorDropoutTests
{
    [Fact]
    public void It_draws_what_nn_dropout_draws_from_the_same_generator_state()
    {
        TorchRuntime.EnsureAvailable();
        var values = Enumerable.Range(0, 64 * 33).Select(i => (float)Math.Sin(i)).ToArray();
        using var x = tensor(values, [64, 33]);
        using var stream = new Generator(123);
        using var start = stream.get_state();
        using var ours = new GeneratorDropout(0.3) { Generator = stream };
        ours.train();
        using var a = ours.forward(x);
        Tensor b;
        // nn.Dropout draws from libtorch's global generator: set it to the same state while no fit can use it.
        lock (TorchTraining.Gate)
        {
            using var saved = torch.random.get_rng_state();
            torch.random.set_rng_state(start);
            using var theirs = nn.Dropout(0.3);
            theirs.train();
            b = theirs.forward(x);
            torch.random.set_rng_state(saved);
        }
        using (b)
        {
            Assert.Equal(b.data<float>().ToArray(), a.data<float>().ToArray());
            Assert.Contains(0f, a.data<float>().ToArray()); // it did drop
        }
        ours.eval();
        using var inference = ours.forward(x);
        Assert.Equal(values, inference.data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeneratorDropout(1));
    }
}
