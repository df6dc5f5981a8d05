using System.Runtime.InteropServices;

namespace DiveML.Trainers;

/// <summary>
/// Ends the process before the native exit handlers registered so far run. C runs exit handlers in the reverse order of
/// their registration, so a handler registered right after libtorch loads runs before libtorch's static destructors —
/// which deregister its thousands of operators one by one, about 70 ms of one core at every exit (docs/benchmarks.md,
/// "House prices against the d2l script") — and ends the process there with the status <c>exit</c> was given. Native
/// libraries loaded later (ONNX Runtime, LightGBM, Skia) still run their handlers first, and .NET's own shutdown
/// (ProcessExit handlers, the runtime's clean-up of its files) is over before C's exit handlers start; what is skipped
/// frees memory the operating system takes back anyway. glibc only (<c>on_exit</c>); elsewhere nothing happens.
/// </summary>
internal static class NativeTeardown
{
    private static int _registered;

    /// <summary>Registers the handler once; false where the C library has no <c>on_exit</c>.</summary>
    public static bool SkipFromHere()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Interlocked.Exchange(ref _registered, 1) == 1) return true;
        var process = NativeLibrary.GetMainProgramHandle();
        if (!NativeLibrary.TryGetExport(process, "on_exit", out var onExit) || !NativeLibrary.TryGetExport(process, "_exit", out var immediateExit))
            return false;
        // on_exit calls its handler as handler(status, argument): with _exit as the handler, the process ends with the
        // status exit() was given; _exit ignores the second argument.
        return Marshal.GetDelegateForFunctionPointer<OnExit>(onExit)(immediateExit, 0) == 0;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int OnExit(nint handler, nint argument);
}
