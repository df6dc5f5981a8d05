using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>Tensors that the same fit scores the same way in every run.</summary>
internal static class AlignedTensors
{
    /// <summary>
    /// <paramref name="values"/> as a tensor in memory of its own on <paramref name="device"/>. A CPU tensor made from a
    /// .NET array can stay in the array's memory, whose alignment changes from run to run, and MKL's matrix products take
    /// alignment-dependent paths: the same network scoring the same rows then differed in the last bits between runs
    /// (measured: validation RMSE 73.71457005 vs 73.71456718, 3 runs in 6). libtorch's allocator aligns every block the same
    /// way, so a copy scores identically every time — which a unit of work fitted in another process relies on.
    /// </summary>
    public static Tensor Of(float[] values, long[] shape, Device device)
    {
        using var wrapped = tensor(values, shape);
        return wrapped.to(device, copy: true);
    }

    /// <summary>Class indexes as a tensor in memory of its own (see the other overload).</summary>
    public static Tensor Of(long[] values, long[] shape, Device device)
    {
        using var wrapped = tensor(values, shape);
        return wrapped.to(device, copy: true);
    }
}
