using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch.nn;

namespace DiveML.Tests.Conventions;

/// <summary>Every DiveML estimator passes the same <see cref="EstimatorHarness"/> checks.</summary>
public class EstimatorConventionTests
{
    private sealed class TableRow
    {
        public double A { get; set; }
        public long N { get; set; }
        public string C { get; set; } = "";
    }

    private static IDataView Table(MLContext ml) => ml.Data.LoadFromEnumerable(new[]
    {
        new TableRow { A = 1.5, N = 3, C = "red" },
        new TableRow { A = double.NaN, N = 4, C = "" },
        new TableRow { A = -2, N = 8, C = "blue" },
        new TableRow { A = 7, N = 8, C = "red" },
    });

    private static IDataView AsText(MLContext ml, IDataView data, string column)
        => ml.Transforms.Conversion.ConvertType(column, column, DataKind.String).Fit(data).Transform(data);

    private static IDataView AsDoubles(MLContext ml, IDataView data, string column)
        => ml.Transforms.Conversion.ConvertType(column, column, DataKind.Double).Fit(data).Transform(data);

    private static IDataView Regression(MLContext ml) => SyntheticData.Linear([2f, -3.4f, 1f, 0.5f], 4.2f, 64, seed: 1);

    private static IDataView Classes(MLContext ml) => Blobs.Make(20, seed: 1);

    private static IDataView Binary(MLContext ml) => DiveML.Tests.Trainers.BinaryTests.TwoBlobs(ml, 20, seed: 1);

    private static Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Small(int inputs, int outputs)
        => Sequential(("hidden", Linear(inputs, 8)), ("act", ReLU()), ("out", Linear(8, outputs)));

    public static TheoryData<string> Names => new(Cases.Keys);

    private static readonly Dictionary<string, EstimatorHarness.Case> Cases = new()
    {
        ["FillNaMean (every numeric column)"] = new(ml => ml.Transforms.FillNaMean(), Table, [], null),
        ["FillNaMean"] = new(ml => ml.Transforms.FillNaMean("A"), Table, ["A"], (ml, d) => AsText(ml, d, "A")),
        ["FillNaMean (output column, integer input)"] = new(ml => ml.Transforms.FillNaMean("NFilled", "N"), Table, ["N"], (ml, d) => AsText(ml, d, "N")),
        ["Standardize (every numeric column)"] = new(ml => ml.Transforms.Standardize(), Table, [], null),
        ["GetDummies (every text column)"] = new(ml => ml.Transforms.GetDummies(), Table, [], null),
        ["Standardize"] = new(ml => ml.Transforms.Standardize(ColumnPairs.InPlace("A", "N")), Table, ["A", "N"], (ml, d) => AsText(ml, d, "A")),
        ["GetDummies"] = new(ml => ml.Transforms.GetDummies("C"), Table, ["C"],
            (ml, d) => ml.Transforms.Expression("C", "x => len(x)", "C").Fit(d).Transform(d)),
        ["GetDummies (output column)"] = new(ml => ml.Transforms.GetDummies("CDummies", "C"), Table, ["C"],
            (ml, d) => ml.Transforms.Expression("C", "x => len(x)", "C").Fit(d).Transform(d)),
        ["Regression.TorchLinear"] = new(ml => ml.Regression.Trainers.TorchLinear(seed: 1), Regression, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Regression.TorchMlp"] = new(ml => ml.Regression.Trainers.TorchMlp(hiddenLayers: [8], epochs: 2, seed: 1), Regression, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Regression.TorchNetwork"] = new(ml => ml.Regression.Trainers.TorchNetwork(Small, epochs: 2, seed: 1), Regression, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Binary.TorchLogistic"] = new(ml => ml.BinaryClassification.Trainers.TorchLogistic(seed: 1, epochs: 2), Binary, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Binary.TorchMlp"] = new(ml => ml.BinaryClassification.Trainers.TorchMlp(seed: 1, hiddenLayers: [8], epochs: 2), Binary, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Binary.TorchNetwork"] = new(ml => ml.BinaryClassification.Trainers.TorchNetwork(Small, seed: 1, epochs: 2), Binary, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Multiclass.TorchSoftmax"] = new(ml => ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1), Classes, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Multiclass.TorchMlp"] = new(ml => ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [8], Epochs = 2, Seed = 1 }), Classes, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Multiclass.TorchNetwork"] = new(ml => ml.MulticlassClassification.Trainers.TorchNetwork(Small, epochs: 2, seed: 1), Classes, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Regression.TorchMlp (early stopping)"] = new(ml => ml.Regression.Trainers.TorchMlp(new MlpOptions
            { HiddenLayers = [8], Epochs = 4, Seed = 1, EarlyStopping = new EarlyStoppingOptions { Patience = 1 } }), Regression, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
        ["Multiclass.TorchMlp (early stopping)"] = new(ml => ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions
            { HiddenLayers = [8], Epochs = 4, Seed = 1, EarlyStopping = new EarlyStoppingOptions { Patience = 1 } }), Classes, ["Features", "Label"], (ml, d) => AsDoubles(ml, d, "Features")),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Follows_the_ML_NET_estimator_contract(string name) => EstimatorHarness.Check(Cases[name]);
}
