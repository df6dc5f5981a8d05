using DiveML.Extensions.Data;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>
/// A block of chapter 5 trained in an ML.NET pipeline (regression on 20 synthetic features), saved with
/// Model.Save, loaded in a fresh MLContext, and its loaded predictions compared with the network's own forward pass.
/// </summary>
public static class SaveLoadCheck
{
    public static IDataView Data(int rows = 200) => SyntheticData.Linear(Enumerable.Range(0, 20).Select(i => (i % 5 - 2) * 0.5f).ToArray(), 1f, rows, seed: 7);

    public static TorchRegressionModel Run(SampleRun run, string name, Func<int, int, nn.Module<Tensor, Tensor>> factory)
    {
        var ml = new MLContext(1);
        var data = Data();
        var model = ml.Regression.Trainers.TorchNetwork(new CustomNetworkOptions(factory)
        {
            Seed = 1, Epochs = run.Budget(20, 5), BatchSize = 16, LearningRate = 0.01, Optimizer = OptimizerKind.Adam,
        }).Fit(data);
        var path = Path.Combine(run.WorkDirectory, $"{name}.zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = new MLContext(2).Model.Load(path, out _);
        var fromZip = loaded.Transform(data).GetColumn<float>("Score").ToArray();
        // The network's own forward, one row at a time as ML.NET scores (CenteredLayer's mean is per input tensor).
        var features = data.GetColumn<float[]>("Features").ToArray();
        float worst = 0;
        using (no_grad())
            for (int i = 0; i < features.Length; i++)
                worst = Math.Max(worst, Math.Abs(fromZip[i] - model.Network.forward(tensor(features[i], [1, 20])).item<float>()));
        run.Line($"{name}: saved ({(model.CanSave ? "exportable" : model.SaveBlocker)}), loaded: {fromZip.Length} predictions, " +
            $"max |loaded - forward| = {worst:E1}; train RMSE {model.History[^1].TrainMetric:F3}");
        run.Line($"  parameters in the zip: {string.Join(", ", StateDict.FromSavedModel(path).Select(e => $"{e.Name} [{string.Join(", ", e.Shape)}]"))}");
        return model;
    }
}
