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

/// <summary>TorchSharp's native library (libtorch) could not be loaded; the message says why and what to run.</summary>
public sealed class TorchUnavailableException : InvalidOperationException
{
    internal TorchUnavailableException(Exception inner) : base(Explain(inner), inner) { }

    private static string Explain(Exception inner)
    {
        var detail = Flatten(inner);
        var hint = detail.Contains("GLIBCXX", StringComparison.Ordinal) || OperatingSystem.IsLinux()
            ? "On Linux, libtorch 2.10 needs libstdc++ with GLIBCXX_3.4.32 (GCC 13+); Debian 12 ships an older one. " +
              "Run 'scripts/setup.sh' from the DiveML repository as root: it installs libstdc++6 from Debian 13 safely. " +
              "Saved DiveML models still load and score without libtorch (they run through ONNX Runtime)."
            : "Check that the TorchSharp-cpu package's native files were copied next to your application.";
        var firstLine = detail.Split('\n', 2)[0].Trim();
        return $"DiveML trainers need TorchSharp's native library (libtorch), which could not be loaded. {hint} Loader said: {firstLine}";
    }

    private static string Flatten(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) parts.Add(x.Message);
        return string.Join(" | ", parts);
    }
}
