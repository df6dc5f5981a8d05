using System.Runtime.InteropServices;

namespace DiveML.Trainers;

/// <summary>
/// Environment variables that native libraries (OpenMP, cuBLAS) read once, when they load or first run: set in the
/// process environment itself, because .NET keeps its own copy on Unix that native code never sees.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> unless the environment already chose a value.</summary>
    public static void SetUnlessChosen(string name, string value)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) return;
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SetEnv(name, value, 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
