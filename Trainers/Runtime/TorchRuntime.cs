using System.Runtime.InteropServices;
using TorchSharp;

namespace DiveML.Trainers;

/// <summary>
/// Loads TorchSharp's native library once and turns a failure into one actionable message instead of TorchSharp's
/// page-long loader trace.
/// </summary>
public static class TorchRuntime
{
    /// <summary>The cuBLAS setting DiveML makes unless the environment chose one (README, "GPU": reproducible runs).</summary>
    internal const string CublasWorkspaceVariable = "CUBLAS_WORKSPACE_CONFIG", CublasWorkspaceSetting = ":4096:8";

    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    // Set once libtorch has loaded / once an app asked to skip its teardown; either side registers the exit handler
    // when it sees the other set (NativeTeardown registers it once).
    private static volatile bool _loaded, _skipTeardown;

    /// <summary>True when libtorch could be loaded in this process.</summary>
    public static bool IsAvailable => LoadFailure.Value is null;

    /// <summary>
    /// For command-line apps: at exit, skip libtorch's native teardown — its static destructors deregister each of its
    /// operators, about 70 ms of one core after the app's work is done — and end with the exit status as usual. Call once,
    /// before or after libtorch loads; it takes effect from the load. .NET's shutdown (ProcessExit handlers) still runs,
    /// and so do the exit handlers of native libraries loaded after libtorch; those of libtorch and of libraries loaded
    /// before it, which only free memory, are skipped. Linux with glibc; elsewhere nothing changes. Not for apps that
    /// rely on a native library's exit handler, or on C stdio output written after <c>Main</c> returns.
    /// </summary>
    public static void SkipNativeTeardownAtExit()
    {
        _skipTeardown = true;
        Interlocked.MemoryBarrier();
        if (_loaded) NativeTeardown.SkipFromHere();
    }

    /// <summary>Throws <see cref="TorchUnavailableException"/> when libtorch cannot be loaded.</summary>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure) throw new TorchUnavailableException(failure);
    }

    /// <summary>
    /// Sets the number of threads libtorch uses inside one operation (a matrix product) in this process, and the most a
    /// fit takes when <see cref="TorchTrainerOptions.Threads"/> is not set (small networks still train on one:
    /// <see cref="TorchThreads"/>). Several worker processes on one machine should share the cores (N workers × T
    /// threads ≤ cores): two processes that each use every core only take turns. A product split over 2 threads can round
    /// differently from 1 thread, so a fit repeats exactly on the same thread count (decisions D22).
    /// </summary>
    /// <param name="threads">At least 1.</param>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        EnsureAvailable();
        torch.set_num_threads(threads);
        TorchThreads.SetProcessThreads(threads);
    }

    /// <summary>
    /// What TorchSharp sees: versions, the build's flavour (<c>-p:TorchBackend</c>), the libtorch file loaded, CUDA devices
    /// and thread counts. Never throws: when libtorch cannot be loaded, <see cref="TorchEnvironment.LoadError"/> says why.
    /// </summary>
    public static TorchEnvironment Describe()
    {
        string torchSharp = typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
        string backend = typeof(TorchRuntime).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "unknown";
        var gpus = NvidiaGpuNames();
        if (LoadFailure.Value is { } failure)
            return new TorchEnvironment(torchSharp, null, backend, null, new TorchUnavailableException(failure).Message, false, false, 0, gpus, 0, 0,
                Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
        bool cuda = torch.cuda.is_available();
        return new TorchEnvironment(torchSharp, torch.__version__, backend, LoadedLibTorch(), null, cuda, cuda && torch.cuda.is_cudnn_available(),
            cuda ? torch.cuda.device_count() : 0, gpus, torch.get_num_threads(), torch.get_num_interop_threads(),
            Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"));
    }

    /// <summary>The libtorch file mapped into this process (Linux: /proc/self/maps), or null.</summary>
    private static string? LoadedLibTorch()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        return File.ReadLines(maps).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .FirstOrDefault(path => path is not null && (path.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal) || path.EndsWith("/libtorch.so", StringComparison.Ordinal)));
    }

    /// <summary>GPU models from the NVIDIA driver (Linux: /proc/driver/nvidia/gpus/*/information); empty elsewhere.</summary>
    private static IReadOnlyList<string> NvidiaGpuNames()
    {
        const string root = "/proc/driver/nvidia/gpus";
        if (!Directory.Exists(root)) return [];
        return Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "information"))
            .Where(File.Exists)
            .Select(f => File.ReadLines(f).FirstOrDefault(l => l.StartsWith("Model:", StringComparison.Ordinal))?["Model:".Length..].Trim())
            .OfType<string>().ToArray();
    }

    private static Exception? TryLoad()
    {
        // OpenMP reads its wait policy once, as libtorch loads: choose passive waiting before the first call.
        TorchThreads.PreferPassiveWaiting();
        // cuBLAS picks among kernels by the workspace it has; a fixed workspace makes its matrix products repeat bit
        // for bit, so a seeded fit on a GPU gives the same result twice (PyTorch's reproducibility recipe). Read when
        // cuBLAS starts; no effect on the CPU.
        NativeEnvironment.SetUnlessChosen(CublasWorkspaceVariable, CublasWorkspaceSetting);
        try
        {
            // Any call into libtorch forces the native load.
            using var probe = torch.zeros(1);
            _loaded = true;
            Interlocked.MemoryBarrier();
            if (_skipTeardown) NativeTeardown.SkipFromHere();
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException or ExternalException)
        {
            return e;
        }
    }
}
