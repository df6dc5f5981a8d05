using System.Diagnostics;
using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

/// <summary>
/// <c>dive</c> ends without libtorch's native teardown (<c>TorchRuntime.SkipNativeTeardownAtExit</c>): what a user sees of
/// the end of a process — its exit status, .NET's shutdown with its ProcessExit handlers, the private temporary folder
/// removed — is unchanged, in a real process that loaded libtorch.
/// </summary>
public class ProcessExitTests
{
    private static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(1, count).Select(i => row(i) + "\n"));

    [Theory]
    [InlineData("5", 0)] // a run that writes its outputs
    [InlineData("inf", 1)] // infinite predictions, refused after training: the run's failure status
    public async Task A_process_that_trained_a_network_ends_with_its_status_and_a_complete_shutdown(string testValue, int expected)
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n" + Rows(20, i => $"{i},{i},{100 + 7 * i}"));
        var test = dir.Write("s.csv", $"Id,x\n21,{testValue}\n22,5\n");
        var loaded = dir["assemblies.txt"];
        var start = new ProcessStartInfo("dotnet", [DiveApp.Dll, "kaggle", "--train", train, "--test", test, "--label", "y", "--id", "Id",
            "--model", "linear", "--epochs", "2", "--folds", "2", "--seed", "1", "--out", dir["o"]])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root,
            Environment = { ["DIVE_LOADED_ASSEMBLIES"] = loaded },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string stdout = await output;

        Assert.True(process.ExitCode == expected, $"exit {process.ExitCode}: {error}");
        if (expected == 0) Assert.EndsWith($"wrote {dir["o/model.zip"]}", stdout.TrimEnd());
        else Assert.Contains("nothing was written", error);
        // A ProcessExit handler ran (it wrote the list), after libtorch had loaded (TorchSharp is in it).
        Assert.Contains("TorchSharp", File.ReadAllLines(loaded));
        // The process's private temporary folder (DiveTempFolder, removed at ProcessExit) is gone.
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), $"diveml-tmp-{process.Id}-*"));
    }
}
