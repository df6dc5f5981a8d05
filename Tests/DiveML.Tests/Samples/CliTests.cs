using DiveML.Samples.Cli;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

public class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = RepoPaths.Root;
            int code = CommandRunner.Run(args, output, error);
            return (code, output.ToString(), error.ToString());
        }
        finally { Environment.CurrentDirectory = previous; }
    }

    [Fact]
    public void Help_lists_every_command()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (var command in CommandRunner.Commands) Assert.Contains(command.Name, output);
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
