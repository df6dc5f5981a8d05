using System.Diagnostics;

namespace DiveML.Tests.Support;

/// <summary>Runs an app of the solution from its build output, in a fresh process, in a given working folder.</summary>
public static class BuiltApp
{
    /// <summary>
    /// The app's main assembly as the current build laid it out: beside the project (<c>bin/CONFIG/net10.0</c>) for the
    /// default TorchSharp flavour, under <c>artifacts/torch-FLAVOUR/bin/PROJECT/</c> for the others.
    /// </summary>
    public static string AssemblyPath(string projectFolder, string projectName, string assemblyName)
    {
        // .../<tests output>/<Configuration>/net10.0/
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var testsProject = configuration.Parent!;
        string folder = testsProject.Name == "DiveML.Tests" && testsProject.Parent?.Name == "bin"
            ? Path.Combine(testsProject.Parent.FullName, projectName, configuration.Name, framework.Name)          // artifacts layout
            : Path.Combine(RepoPaths.Root, projectFolder, "bin", configuration.Name, framework.Name);            // default layout
        var dll = Path.Combine(folder, assemblyName + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build the solution (dotnet build DiveML.sln) first.", dll);
        return dll;
    }

    public static (int Code, string Out, string Err) Run(string dll, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
