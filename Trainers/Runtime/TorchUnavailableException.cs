using System.Runtime.InteropServices;
using TorchSharp;

namespace DiveML.Trainers;

/// <summary>TorchSharp's native library (libtorch) could not be loaded; the message says why and what to run.</summary>
public sealed class TorchUnavailableException : InvalidOperationException
{
    internal TorchUnavailableException(Exception inner) : base(Explain(inner), inner) { }

    private static string Explain(Exception inner)
    {
        var detail = Flatten(inner);
        // Built with -p:TorchBackend=external, TorchSharp looks for a libtorch the machine provides.
        bool external = detail.Contains("doesn't contain a reference to libtorch", StringComparison.Ordinal);
        var hint = external
            ? "This build uses the machine's own libtorch (TorchBackend=external) and found none: put the folder holding " +
              "libtorch.so 2.10 (for example a PyTorch 2.10 installation's torch/lib) on LD_LIBRARY_PATH, or build with the " +
              "default TorchBackend=cpu, which brings libtorch in its package."
            : detail.Contains("GLIBCXX", StringComparison.Ordinal) || OperatingSystem.IsLinux()
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
