using DiveML.Samples.Cli;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

public class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args) => RunWith(ProgressStyle.Auto, args);

    private static readonly Lock CurrentDirectoryLock = new();
    private static int _runsInRoot;
    private static string? _previousDirectory;

    /// <summary>Runs <c>dive</c> in this process from the repository root; the writers are not a terminal, so Auto means plain lines.</summary>
    internal static (int Code, string Out, string Err) RunWith(ProgressStyle progress, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // The current directory is the process's: test classes run side by side, and a run that put back the directory
        // it found would move another run's relative paths (seen: 'data/house-prices/test.csv' looked for under bin/).
        // The first run to start moves to the root and the last one to end moves back.
        lock (CurrentDirectoryLock)
        {
            if (_runsInRoot == 0)
            {
                _previousDirectory = Environment.CurrentDirectory;
                Environment.CurrentDirectory = RepoPaths.Root;
            }
            _runsInRoot++; // counted once the move succeeded, so a failed one leaves nothing to undo

        }
        try
        {
            int code = CommandRunner.Run(args, output, error, progress);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            lock (CurrentDirectoryLock)
                if (--_runsInRoot == 0) Environment.CurrentDirectory = _previousDirectory!;
        }
    }

    /// <summary>Standard error's lines, without the trailing empty one.</summary>
    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public void Help_lists_every_command()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Equal(["all", "data", "preprocess", "apply", "linreg", "fashion-mnist", "kaggle", "worker", "predict", "bench", "env"], CommandRunner.Commands);
        foreach (var command in CommandRunner.Commands) Assert.Contains($"  {command} ", output);
    }

    [Fact]
    public void A_bare_dive_prints_help_and_is_a_usage_error()
    {
        var (code, output, _) = Run();
        Assert.Equal(2, code);
        Assert.Contains("kaggle", output);
    }

    [Fact]
    public void Unknown_commands_and_options_are_usage_errors()
    {
        Assert.Equal(2, Run("frobnicate").Code);
        var (code, _, err) = Run("data", "--bogus", "1");
        Assert.Equal(2, code);
        Assert.Contains("--bogus", err);
    }
}
