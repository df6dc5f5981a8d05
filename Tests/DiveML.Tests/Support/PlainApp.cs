using System.Diagnostics;

namespace DiveML.Tests.Support;

/// <summary>
/// Runs <c>Tests/PlainMlNetApp</c> — an app that references Microsoft.ML and ONNX Runtime but nothing of DiveML — in a
/// fresh process, from its own build folder (so no DiveML assembly can be found while it loads a model).
/// </summary>
public static class PlainApp
{
    /// <summary>The app's build folder, in the configuration the tests were built in.</summary>
    public static string Directory
    {
        get
        {
            // .../Tests/DiveML.Tests/bin/<Configuration>/net10.0/
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = framework.Parent!.Name;
            return Path.Combine(RepoPaths.Root, "Tests", "PlainMlNetApp", "bin", configuration, framework.Name);
        }
    }

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var dll = Path.Combine(Directory, "PlainMlNetApp.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build the solution (dotnet build DiveML.sln) first.", dll);
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
