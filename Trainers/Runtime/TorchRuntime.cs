using System.Runtime.InteropServices;
using TorchSharp;

namespace DiveML.Trainers;

/// <summary>
/// Loads TorchSharp's native library once and turns a failure into one actionable message instead of TorchSharp's
/// page-long loader trace.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when libtorch could be loaded in this process.</summary>
    public static bool IsAvailable => LoadFailure.Value is null;

    /// <summary>Throws <see cref="TorchUnavailableException"/> when libtorch cannot be loaded.</summary>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure) throw new TorchUnavailableException(failure);
    }

    private static Exception? TryLoad()
    {
        try
        {
            // Any call into libtorch forces the native load.
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException or ExternalException)
        {
            return e;
        }
    }
}
