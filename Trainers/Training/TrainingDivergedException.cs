using System.Globalization;

namespace DiveML.Trainers;

/// <summary>Training produced a non-finite loss (d2l 4.8: exploding values); the message names epoch, batch and the learning rate in use.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    internal TrainingDivergedException(int epoch, int batch, float loss, double learningRate, double baseLearningRate)
        : base($"Training diverged: the loss became {loss.ToString(CultureInfo.InvariantCulture)} at epoch {epoch}, batch {batch}, " +
               $"with learning rate {learningRate.ToString("G6", CultureInfo.InvariantCulture)}" +
               (learningRate != baseLearningRate ? $" (the schedule's rate at that epoch; the base rate is {baseLearningRate.ToString("G6", CultureInfo.InvariantCulture)})" : "") +
               ". Use a smaller learning rate, standardise the features, or switch to the Adam optimizer.")
    {
        Epoch = epoch;
        Batch = batch;
        LearningRate = learningRate;
    }

    /// <summary>1-based epoch of the first non-finite loss.</summary>
    public int Epoch { get; }

    /// <summary>1-based minibatch of the first non-finite loss.</summary>
    public int Batch { get; }

    /// <summary>The learning rate in use when the loss became non-finite (after any schedule).</summary>
    public double LearningRate { get; }
}
