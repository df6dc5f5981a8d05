using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>Training produced a non-finite loss (d2l 4.8: exploding values); the message names epoch and batch.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    internal TrainingDivergedException(int epoch, int batch, float loss, double learningRate)
        : base($"Training diverged: the loss became {loss} at epoch {epoch}, batch {batch}. Use a smaller learning rate " +
               $"(now {learningRate}), standardise the features, or switch to the Adam optimizer.")
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>1-based epoch of the first non-finite loss.</summary>
    public int Epoch { get; }

    /// <summary>1-based minibatch of the first non-finite loss.</summary>
    public int Batch { get; }
}
