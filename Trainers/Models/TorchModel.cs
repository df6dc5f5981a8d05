using DiveML.Trainers.Onnx;
using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// A fitted DiveML network: the trained TorchSharp module, its parameters and per-epoch history, plus the ML.NET
/// scoring chain it delegates to (ONNX Runtime for saveable networks). After <c>mlContext.Model.Load</c> you get that
/// chain back; it scores identically and needs no libtorch.
/// </summary>
/// <remarks>
/// A fitted model is an ML.NET prediction transformer over one feature column, whose "model" is the network, so
/// <c>mlContext.Regression.PermutationFeatureImportance(model, featurizedData)</c> (and the multiclass one) work on it —
/// pass the model itself or a chain's <c>LastTransformer</c> with the data its earlier transforms produced, as with
/// ML.NET's own trainers.
/// </remarks>
public abstract class TorchModel : BuiltInChainTransformer, ISingleFeaturePredictionTransformer<nn.Module<Tensor, Tensor>>
{
    private protected TorchModel(ITransformer chain, TrainingOutcome outcome, string featureColumnName, int featureCount, byte[]? onnx, string? saveBlocker)
        : base(chain)
    {
        FeatureColumnName = featureColumnName;
        Network = outcome.Network;
        History = outcome.History;
        Device = outcome.Device;
        Seed = outcome.Seed;
        BestEpoch = outcome.BestEpoch;
        EarlyStoppingRows = outcome.EarlyStoppingRows;
        FeatureCount = featureCount;
        OnnxModel = onnx;
        SaveBlocker = saveBlocker;
        Parameters = outcome.Network.named_parameters().Select(p =>
        {
            using var cpu = p.parameter.detach().cpu().contiguous();
            return new NamedParameter(p.name, p.parameter.shape, cpu.data<float>().ToArray());
        }).ToArray();
    }

    /// <summary>The trained TorchSharp module (eval mode). Use it for further experiments; the ML.NET chain does not read it after fitting (except for unsaveable networks).</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>Named parameters after training, in TorchSharp's order.</summary>
    public IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>One record per epoch: train loss, train metric, validation metric, seconds.</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    /// <summary>
    /// With early stopping: the epoch whose weights the network holds (the best on the held-out training rows; its
    /// <see cref="EpochRecord.EarlyStoppingMetric"/> is the history's lowest). Null when every epoch was trained.
    /// </summary>
    public int? BestEpoch { get; }

    /// <summary>
    /// With early stopping: the 0-based positions, in the data given to <c>Fit</c>, of the rows held out to decide when
    /// to stop (they were not trained on). Null without early stopping.
    /// </summary>
    public IReadOnlyList<int>? EarlyStoppingRows { get; }

    /// <summary>The device training ran on (e.g. <c>cpu</c>, <c>cuda:0</c>).</summary>
    public string Device { get; }

    /// <summary>The seed used (the one given, or the random one drawn), to reproduce this fit.</summary>
    public int Seed { get; }

    /// <summary>Number of input features.</summary>
    public int FeatureCount { get; }

    /// <summary>The feature column the network reads (the trainer's <c>FeatureColumnName</c>).</summary>
    public string FeatureColumnName { get; }

    /// <summary>The feature column's type: a vector of <see cref="FeatureCount"/> Single values.</summary>
    public DataViewType FeatureColumnType => new VectorDataViewType(NumberDataViewType.Single, FeatureCount);

    nn.Module<Tensor, Tensor> IPredictionTransformer<nn.Module<Tensor, Tensor>>.Model => Network;

    /// <summary>The ONNX model that scores this network, or null when the network cannot be exported.</summary>
    public byte[]? OnnxModel { get; }

    /// <summary>
    /// Why this model cannot be saved, or null when it can: the first module ONNX export does not cover, by its full
    /// path (<c>module 'block.shift' (Shift): …</c>) with the reason, or where an <see cref="Onnx.IOnnxExportable"/>
    /// module's graph disagrees with its forward.
    /// </summary>
    public string? SaveBlocker { get; }

    /// <summary>Whether <c>mlContext.Model.Save</c> can write this model.</summary>
    public bool CanSave => SaveBlocker is null;

    /// <inheritdoc/>
    protected override void EnsureSaveable()
    {
        if (SaveBlocker is not null)
            throw new InvalidOperationException(
                $"This model cannot be saved: its network cannot be exported to ONNX, which DiveML models use for scoring after loading — {SaveBlocker}. " +
                $"DiveML exports {BuiltInLayers.Covered}, Residual and EnsembleNetwork; a module of your own implements DiveML.Trainers.Onnx.IOnnxExportable. " +
                "The model still scores in this process. Use DiveModelFile.Save to be sure no partial file is left behind.");
    }
}
