namespace DiveML.Trainers;

/// <summary>The element type of a <see cref="StateDictEntry"/>, as PyTorch's dtype.</summary>
public enum StateDictElementType
{
    /// <summary><c>torch.float32</c>: weights and biases.</summary>
    Float32,
    /// <summary><c>torch.float64</c>: a network converted with <c>.double()</c>; loading casts it into float32 parameters.</summary>
    Float64,
    /// <summary><c>torch.int64</c>: counters such as BatchNorm's <c>num_batches_tracked</c>.</summary>
    Int64,
}
