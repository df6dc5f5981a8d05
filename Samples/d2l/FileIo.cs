using DiveML.D2l.Blocks;
using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>
/// d2l 5.5: tensors and a network's parameters saved and loaded, in PyTorch's own file format (torch.save/torch.load
/// read and write these files); then weights in and out of ML.NET pipelines.
/// </summary>
public static class FileIo
{
    public static void SaveAndLoad(SampleRun run)
    {
        string Path(string name) => System.IO.Path.Combine(run.WorkDirectory, name);
        var x = arange(4, float32);
        var y = zeros(4);
        // torch.save(x, 'x-file') / torch.save([x, y], …) / torch.save(mydict, 'mydict'): DiveML's files hold named
        // tensors (a state_dict), so a single tensor or a list is saved under names.
        new StateDict([StateDictEntry(x, "x")]).Save(Path("x-file"));
        run.Show("torch.load('x-file')['x']", tensor(StateDict.Load(Path("x-file"))["x"].ToSingles()));
        new StateDict([StateDictEntry(x, "x"), StateDictEntry(y, "y")]).Save(Path("mydict"));
        var mydict = StateDict.Load(Path("mydict"));
        run.Line($"mydict2 = {{{string.Join(", ", mydict.Select(e => $"'{e.Name}': {SampleRun.Format(e.ToSingles())}"))}}}");

        // torch.save(net.state_dict(), 'mlp.params'), then clone.load_state_dict(torch.load('mlp.params')).
        manual_seed(1);
        var net = new MlpBlock();
        var X = randn(2, 20);
        var Y = net.forward(X);
        StateDict.From(net).Save(Path("mlp.params"));
        var clone = new MlpBlock();
        StateDict.Load(Path("mlp.params")).LoadInto(clone);
        clone.eval();
        run.Show("Y_clone == Y", clone.forward(X).eq(Y).all().item<bool>());
        run.Line($"mlp.params holds {string.Join(", ", StateDict.Load(Path("mlp.params")).Select(e => e.ToString()))}");

        // The same with ML.NET pipelines: a fitted model's weights out, and a pipeline that starts from them.
        var ml = new MLContext(1);
        var data = SaveLoadCheck.Data();
        var model = ml.Regression.Trainers.TorchMlp(new MlpOptions { Seed = 1, HiddenLayers = [16], Epochs = 3, LearningRate = 0.01 }).Fit(data);
        StateDict.From(model).Save(Path("pipeline.params"));
        var restarted = ml.Regression.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [16], InitialWeights = StateDict.Load(Path("pipeline.params")), Epochs = 0 }).Fit(data);
        bool same = model.Transform(data).GetColumn<float>("Score").SequenceEqual(restarted.Transform(data).GetColumn<float>("Score"));
        run.Line($"a pipeline started from pipeline.params (InitialWeights, Epochs = 0) predicts the same: {same}");

        // Weights trained by the book's PyTorch code (d2l 4.3, torch.save(net.state_dict())), scored in ML.NET.
        if (RepoFiles.Find("Tests", "DiveML.Tests", "Fixtures", "pytorch-statedict", "mlp_784_256_10.pt") is { } fixture)
        {
            var weights = StateDict.Load(fixture);
            var test = FashionMnist.Load(FashionMnistSplit.Test).ToDataView();
            var pytorch = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [256], InitialWeights = weights, Epochs = 0 })
                .Fit(ml.Data.TakeRows(test, 16));
            run.Line($"PyTorch's d2l 4.3 MLP ({string.Join(", ", weights.Keys)}): Fashion-MNIST test accuracy in ML.NET " +
                $"{ml.MulticlassClassification.Evaluate(pytorch.Transform(test)).MicroAccuracy:F4} (PyTorch: 0.8211)");
        }
    }

    private static StateDictEntry StateDictEntry(Tensor t, string name) => new(name, t.shape, t.data<float>().ToArray());
}
