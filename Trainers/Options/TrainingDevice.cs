namespace DiveML.Trainers;

/// <summary>Where training runs.</summary>
public enum TrainingDevice
{
    /// <summary>CUDA when TorchSharp reports it available, else the CPU.</summary>
    Auto,
    /// <summary>The CPU.</summary>
    Cpu,
    /// <summary>The first CUDA device; an error when CUDA is unavailable.</summary>
    Cuda,
}
