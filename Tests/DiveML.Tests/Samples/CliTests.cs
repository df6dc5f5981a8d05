using DiveML.Samples.Cli;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

public class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args) => RunWith(ProgressStyle.Auto, args);

    /// <summary>Runs <c>dive</c> in this process from the repository root; the writers are not a terminal, so Auto means plain lines.</summary>
    internal static (int Code, string Out, string Err) RunWith(ProgressStyle progress, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = RepoPaths.Root;
            int code = CommandRunner.Run(args, output, error, progress);
            return (code, output.ToString(), error.ToString());
        }
        finally { Environment.CurrentDirectory = previous; }
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
