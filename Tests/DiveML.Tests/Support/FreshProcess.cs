using System.Diagnostics;
using DiveML.Samples.Cli;

namespace DiveML.Tests.Support;

/// <summary>Runs the <c>dive</c> app in a separate process (nothing in memory is shared with the test).</summary>
public static class FreshProcess
{
    public static (int Code, string Out, string Err) Dive(params string[] args)
    {
        var dive = typeof(CommandRunner).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dive, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
