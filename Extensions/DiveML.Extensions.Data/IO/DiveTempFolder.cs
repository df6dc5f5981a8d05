using System.Diagnostics;
using Microsoft.ML;

namespace DiveML.Extensions.IO;

/// <summary>
/// A temporary folder private to this process (owner-only permissions, a random name), deleted when the process exits.
/// ML.NET writes temporary files under <see cref="MLContext.TempFilePath"/> and does not always remove them: its ONNX
/// transformer copies the model bytes to a file on every fit (<c>ApplyOnnxModel</c> from a stream never deletes that
/// copy) and every load (deleted only when the transformer is disposed; finalisers do not run at exit), and loading a
/// model zip extracts its entries to a folder there. Point a context at this folder
/// (<see cref="Use"/>, or let <see cref="DiveModelFile.Load(MLContext, string, out DataViewSchema, out DiveModelMetadata?, DiveModelLoadOptions?)"/>
/// do it) and nothing is left behind in the shared temporary folder.
/// </summary>
/// <remarks>
/// The folder is created on first use under <see cref="System.IO.Path.GetTempPath"/>, named <c>diveml-tmp-PID-RANDOM</c>.
/// At creation, folders of that form left by processes that no longer run (killed before they could clean up) and
/// untouched for an hour are removed.
/// </remarks>
public static class DiveTempFolder
{
    private const string Prefix = "diveml-tmp-";
    private static readonly Lazy<string> Folder = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder's full path; created (and scheduled for deletion at exit) on first use.</summary>
    public static string Path => Folder.Value;

    /// <summary>
    /// Points <paramref name="mlContext"/>'s <see cref="MLContext.TempFilePath"/> at <see cref="Path"/> and returns the
    /// context, unless the caller already chose a folder other than the system's temporary folder.
    /// </summary>
    /// <param name="mlContext">The context to configure.</param>
    public static MLContext Use(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var current = mlContext.TempFilePath;
        if (string.IsNullOrEmpty(current) || SameFolder(current, System.IO.Path.GetTempPath()))
            mlContext.TempFilePath = Path;
        return mlContext;
    }

    /// <summary>
    /// Makes <see cref="Path"/> this process's temporary folder (<c>TMPDIR</c> on Unix, <c>TMP</c> and <c>TEMP</c> on
    /// Windows, which <see cref="System.IO.Path.GetTempPath"/> reads), so every <see cref="MLContext"/> created afterwards,
    /// anywhere in the process, writes its temporary files there. For an application's entry point (the <c>dive</c> CLI
    /// calls it first thing); a library should use <see cref="Use"/> on its own contexts instead.
    /// </summary>
    public static void UseForProcess()
    {
        var folder = Path;
        if (OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable("TMP", folder);
            Environment.SetEnvironmentVariable("TEMP", folder);
        }
        else
        {
            Environment.SetEnvironmentVariable("TMPDIR", folder);
        }
    }

    /// <summary>A new context with <paramref name="seed"/> whose temporary files go to <see cref="Path"/>.</summary>
    /// <param name="seed">The context's random seed; null for a random one.</param>
    public static MLContext CreateContext(int? seed = null) => Use(new MLContext(seed));

    private static bool SameFolder(string a, string b)
        => string.Equals(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(a)),
            System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(b)), StringComparison.Ordinal);

    private static string Create()
    {
        RemoveAbandoned();
        // mkdtemp(3): a fresh, unpredictable name, created with mode 0700 on Unix.
        var folder = Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(folder);
        return folder;
    }

    /// <summary>Deletes the folder now (also done at exit). Later use of <see cref="Path"/> in this process fails.</summary>
    internal static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort at exit: a file still open elsewhere must not turn a finished command into a crash.
        }
    }

    private static void RemoveAbandoned()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
            {
                var name = System.IO.Path.GetFileName(dir);
                var dash = name.IndexOf('-', Prefix.Length);
                if (dash < 0 || !int.TryParse(name.AsSpan(Prefix.Length, dash - Prefix.Length), out int pid)) continue;
                if (pid == Environment.ProcessId || IsRunning(pid)) continue;
                if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) < TimeSpan.FromHours(1)) continue;
                Delete(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
