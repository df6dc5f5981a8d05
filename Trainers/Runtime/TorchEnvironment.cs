namespace DiveML.Trainers;

/// <summary>What TorchSharp sees on this machine: the build's flavour, the native library in use, CUDA devices, threads.</summary>
/// <param name="TorchSharpVersion">The TorchSharp assembly's version.</param>
/// <param name="LibTorchVersion">libtorch's own version (e.g. <c>2.10.0</c>), or null when it could not be loaded.</param>
/// <param name="Backend">The TorchSharp flavour DiveML.Trainers was built with: <c>cpu</c>, <c>cuda</c> or <c>external</c>.</param>
/// <param name="LibTorchPath">The libtorch file the process loaded (Linux), or null when unknown.</param>
/// <param name="LoadError">Why libtorch could not be loaded, or null when it was.</param>
/// <param name="CudaAvailable">Whether TorchSharp reports a usable CUDA device.</param>
/// <param name="CudnnAvailable">Whether cuDNN is available to it.</param>
/// <param name="CudaDeviceCount">Number of CUDA devices TorchSharp sees.</param>
/// <param name="GpuNames">Names of the NVIDIA GPUs the driver lists (Linux), whether or not TorchSharp can use them.</param>
/// <param name="IntraOpThreads">libtorch's intra-op thread count (the one that parallelises one operation).</param>
/// <param name="InterOpThreads">libtorch's inter-op thread count.</param>
/// <param name="OmpWaitPolicy">OpenMP's wait policy as libtorch's threads read it (<c>PASSIVE</c> unless the environment chose).</param>
public sealed record TorchEnvironment(string TorchSharpVersion, string? LibTorchVersion, string Backend, string? LibTorchPath, string? LoadError,
    bool CudaAvailable, bool CudnnAvailable, int CudaDeviceCount, IReadOnlyList<string> GpuNames, int IntraOpThreads, int InterOpThreads,
    string? OmpWaitPolicy);
