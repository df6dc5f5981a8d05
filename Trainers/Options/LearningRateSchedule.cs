namespace DiveML.Trainers;

/// <summary>How the learning rate changes over the epochs (d2l 11.11).</summary>
public enum LearningRateSchedule
{
    /// <summary>The same learning rate every epoch (d2l chapters 3–5).</summary>
    Constant,
    /// <summary>Cosine decay from the learning rate to 0 over the epochs: larger steps early, fine ones at the end.</summary>
    Cosine,
}
