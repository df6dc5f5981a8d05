using System.Runtime.InteropServices;

namespace DiveML.Extensions.Scale;

/// <summary>
/// Moves a finished file into place only if nothing is there yet, atomically: of several writers racing for one name,
/// exactly one wins. <c>File.Move(…, overwrite: false)</c> does not promise that on Unix (it checks for the
/// destination, then renames: two writers can both pass the check, and the second replaces the first), so on Unix the
/// file is hard-linked into place, which fails for every writer but the first.
/// </summary>
internal static class ExclusiveMove
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS

    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/>; false (and the source deleted) when the destination exists.</summary>
    public static bool TryMove(string source, string destination)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            if (Link(source, destination) == 0)
            {
                File.Delete(source);
                return true;
            }
            if (Marshal.GetLastPInvokeError() == AlreadyExists)
            {
                File.Delete(source);
                return false;
            }
            // A file system without hard links: fall back to .NET's move, which is exclusive except under a race.
        }
        try
        {
            File.Move(source, destination, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(destination))
        {
            File.Delete(source);
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Link(string existing, string created);
}
