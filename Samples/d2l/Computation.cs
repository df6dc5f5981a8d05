using DiveML.D2l.Blocks;
using DiveML.Trainers;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DiveML.D2l;

/// <summary>
/// d2l 5.1–5.4: blocks of one's own (subclassed with a forward, a Sequential of one's own, a constant parameter,
/// nested blocks), parameter access, initialisation and tying, deferred shapes, and custom layers — each then trained
/// in an ML.NET pipeline, saved, loaded and checked against its forward pass.
/// </summary>
public static class Computation
{
    public static void LayersAndBlocks(SampleRun run)
    {
        manual_seed(1);
        var X = rand(2, 20);
        var net = Sequential(Linear(20, 256), ReLU(), Linear(256, 10));
        run.Show("nn.Sequential(...)(X).shape", net.forward(X).shape);
        run.Show("MLP()(X).shape", new MlpBlock().forward(X).shape);
        run.Show("MySequential(...)(X).shape", new MySequential(Linear(20, 256), ReLU(), Linear(256, 10)).forward(X).shape);
        run.Show("FixedHiddenMLP()(X) (the book's scalar)", new FixedHiddenMlp().BookForward(X).item<float>());
        var chimera = Sequential(new NestMlp(), Linear(16, 20), new FixedHiddenMlp());
        run.Show("chimera(X).shape", chimera.forward(X).shape);

        run.Line("in an ML.NET pipeline:");
        SaveLoadCheck.Run(run, "MLP", (inputs, outputs) => new MlpBlock(inputs, 32, outputs));
        SaveLoadCheck.Run(run, "MySequential", (inputs, outputs) => new MySequential(Linear(inputs, 32), ReLU(), Linear(32, outputs)));
        SaveLoadCheck.Run(run, "FixedHiddenMLP", (inputs, outputs) => new FixedHiddenMlp(inputs, outputs));
        SaveLoadCheck.Run(run, "chimera", (inputs, outputs) => Sequential(("0", new NestMlp(inputs)), ("1", Linear(16, 20)), ("2", new FixedHiddenMlp(20, outputs))));
    }

    public static void Parameters(SampleRun run)
    {
        manual_seed(1);
        var net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1));
        var X = rand(2, 4);
        net.forward(X);
        var output = (Module)net[2];
        run.Line($"net[2].state_dict(): {string.Join(", ", output.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]"))}");
        var bias = output.named_parameters().First(p => p.name == "bias").parameter;
        run.Show("net[2].bias.data", bias.detach());
        run.Show("net[2].weight.grad is None", output.named_parameters().First(p => p.name == "weight").parameter.grad is null);
        run.Line($"net[0].named_parameters(): {string.Join(", ", ((Module)net[0]).named_parameters().Select(p => $"({p.name}, [{string.Join(", ", p.parameter.shape)}])"))}");
        run.Line($"net.named_parameters(): {string.Join(", ", net.named_parameters().Select(p => $"({p.name}, [{string.Join(", ", p.parameter.shape)}])"))}");
        run.Show("net.state_dict()['2.bias']", net.state_dict()["2.bias"]);

        // Nested blocks: block2 holds four block1s named "block 0".."block 3".
        static Module<Tensor, Tensor> Block1() => Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU());
        var block2 = Sequential(Enumerable.Range(0, 4).Select(i => ($"block {i}", Block1())).ToArray());
        var rgnet = Sequential(block2, Linear(4, 1));
        run.Show("rgnet(X).shape", rgnet.forward(X).shape);
        run.Line($"rgnet's parameters: {string.Join(", ", rgnet.named_parameters().Select(p => p.name).Take(6))}, …");
        run.Show("rgnet[0][1][0].bias.data", rgnet.state_dict()["0.block 1.0.bias"]);

        using (no_grad())
        {
            // Built-in initialisation: normal(0, 0.01) and zero biases; constants; Xavier for one layer, 42 for another.
            foreach (var linear in net.modules().OfType<TorchSharp.Modules.Linear>()) { init.normal_(linear.weight, 0, 0.01); init.zeros_(linear.bias!); }
            run.Show("normal: net[0].weight[0], net[0].bias[0]", new[] { ((TorchSharp.Modules.Linear)net[0]).weight[0], ((TorchSharp.Modules.Linear)net[0]).bias![0] });
            foreach (var linear in net.modules().OfType<TorchSharp.Modules.Linear>()) { init.constant_(linear.weight, 1); init.zeros_(linear.bias!); }
            run.Show("constant: net[0].weight[0]", ((TorchSharp.Modules.Linear)net[0]).weight[0]);
            init.xavier_uniform_(((TorchSharp.Modules.Linear)net[0]).weight);
            init.constant_(((TorchSharp.Modules.Linear)net[2]).weight, 42);
            run.Show("xavier: net[0].weight[0]", ((TorchSharp.Modules.Linear)net[0]).weight[0]);
            run.Show("constant 42: net[2].weight.data", ((TorchSharp.Modules.Linear)net[2]).weight);
            // my_init: U(-10, 10), then zero where |w| < 5.
            var w0 = ((TorchSharp.Modules.Linear)net[0]).weight;
            init.uniform_(w0, -10, 10);
            w0.mul_(w0.abs() >= 5);
            run.Show("my_init: net[0].weight[:2]", w0[TensorIndex.Slice(0, 2)]);
            w0.add_(1);
            w0[0, 0] = tensor(42f);
            run.Show("after += 1 and [0, 0] = 42: net[0].weight.data[0]", w0[0]);
        }

        // Tied parameters: the same Linear at positions 2 and 4 of the Sequential.
        var shared = Linear(8, 8);
        var tied = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1));
        tied.forward(X);
        var first = ((TorchSharp.Modules.Linear)tied[2]).weight;
        var second = ((TorchSharp.Modules.Linear)tied[4]).weight;
        run.Show("net[2].weight.data[0] == net[4].weight.data[0]", first[0].eq(second[0]).all().item<bool>());
        using (no_grad()) first[0, 0] = tensor(100f);
        run.Show("after net[2].weight.data[0, 0] = 100, still equal", first[0].eq(second[0]).all().item<bool>());

        run.Line("after Model.Save and Model.Load (the ONNX initialisers keep PyTorch's names):");
        var model = SaveLoadCheck.Run(run, "nn.Sequential(Linear(20, 8), ReLU(), Linear(8, 1))", (inputs, outputs) => Sequential(Linear(inputs, 8), ReLU(), Linear(8, outputs)));
        var loaded = StateDict.FromSavedModel(Path.Combine(run.WorkDirectory, "nn.Sequential(Linear(20, 8), ReLU(), Linear(8, 1)).zip"));
        run.Line($"  loaded '2.bias' = {SampleRun.Format(loaded["2.bias"].ToSingles())}, equal to the fitted one: {loaded["2.bias"].ToSingles().SequenceEqual(model.Parameters.Single(p => p.Name == "2.bias").Values)}");
    }

    public static void DeferredInitialization(SampleRun run)
    {
        // TorchSharp has no LazyLinear. In DiveML the network factory is the deferred part: it runs inside Fit, when the
        // input width is known from the data, so the code never states it.
        int calls = 0;
        var options = new CustomNetworkOptions((inputs, outputs) =>
        {
            calls++;
            run.Line($"the factory runs inside Fit: inputs = {inputs}, outputs = {outputs}");
            return Sequential(Linear(inputs, 256), ReLU(), Linear(256, outputs));
        }) { Seed = 1, Epochs = 1 };
        var ml = new MLContext(1);
        var trainer = ml.Regression.Trainers.TorchNetwork(options);
        run.Line($"before Fit: the factory ran {calls} times (no parameters exist yet)");
        var model = trainer.Fit(SaveLoadCheck.Data());
        run.Line($"after Fit: {string.Join(", ", model.Parameters.Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]"))}");
    }

    public static void CustomLayers(SampleRun run)
    {
        manual_seed(1);
        var layer = new CenteredLayer();
        run.Show("CenteredLayer()(tensor([1, 2, 3, 4, 5]))", layer.forward(tensor(new[] { 1f, 2, 3, 4, 5 })));
        var net = Sequential(Linear(8, 128), new CenteredLayer());
        var Y = net.forward(rand(4, 8));
        run.Line($"Y.mean() = {Y.mean().item<float>():E1} (zero up to rounding)");
        var linear = new MyLinear(5, 3);
        run.Show("MyLinear(5, 3).weight.shape", linear.Weight.shape);
        run.Show("linear(rand(2, 5))", linear.forward(rand(2, 5)));
        var myNet = Sequential(new MyLinear(64, 8), new MyLinear(8, 1));
        run.Show("Sequential(MyLinear(64, 8), MyLinear(8, 1))(rand(2, 64))", myNet.forward(rand(2, 64)));

        run.Line("in an ML.NET pipeline (both layers implement IOnnxExportable, so the model saves):");
        SaveLoadCheck.Run(run, "CenteredLayer", (inputs, outputs) => Sequential(Linear(inputs, 16), new CenteredLayer(), Linear(16, outputs)));
        SaveLoadCheck.Run(run, "MyLinear", (inputs, outputs) => Sequential(new MyLinear(inputs, 8), Linear(8, outputs)));
    }
}
