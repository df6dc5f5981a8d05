using System.CommandLine;
using DiveML.Samples.Cli;

namespace DiveML.Tests.Samples;

/// <summary><c>./dive COMMAND --help</c>: System.CommandLine's generated help, complete enough to replace the old usage texts.</summary>
public class CliHelpTests
{
    private static readonly RootCommand Root = CommandRunner.CreateRoot(new CliContext(TextWriter.Null, TextWriter.Null, ProgressStyle.Lines));

    /// <summary>Every command that runs something, as typed: "kaggle", "bench train", …</summary>
    public static TheoryData<string> RunnableCommands()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            if (command.Action is not null) data.Add(path);
            foreach (var sub in command.Subcommands) Walk(sub, $"{path} {sub.Name}".Trim());
        }
        foreach (var command in Root.Subcommands) Walk(command, command.Name);
        return data;
    }

    private static Command Find(string path) => path.Split(' ').Aggregate((Command)Root, (c, name) => c.Subcommands.Single(s => s.Name == name));

    [Theory]
    [MemberData(nameof(RunnableCommands))]
    public void Every_command_has_help_listing_each_option_with_its_description(string path)
    {
        var (code, output, error) = CliTests.Run([.. path.Split(' '), "--help"]);
        Assert.True(code == 0, error);
        Assert.Empty(error);
        Assert.Contains($"./dive {path} [options]", output);
        foreach (var option in Find(path).Options.Where(o => !o.Hidden)) // hidden: set by a driver for the workers it starts
        {
            Assert.Contains(option.Name, output);
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{path} {option.Name} has no description");
            Assert.Contains(option.Description!.Split(' ')[0], output);
        }
    }

    [Fact]
    public void The_bench_command_lists_its_benchmarks()
    {
        var (code, output, _) = CliTests.Run("bench", "--help");
        Assert.Equal(0, code);
        foreach (var target in new[] { "load", "preprocess", "train", "kaggle", "units" }) Assert.Contains($"  {target} ", output);
    }

    [Fact]
    public void Kaggle_help_shows_defaults_per_model_allowed_values_and_the_notes()
    {
        var (_, output, _) = CliTests.Run("kaggle", "--help");
        Assert.Contains("--train <TRAIN.csv> (REQUIRED)", output);
        var flat = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "); // help wraps long descriptions
        Assert.Contains("[default: linear 100, softmax 50, logistic 50, mlp 200]", flat); // --epochs, from the real defaults
        Assert.Contains("[default: linear 5, softmax 0.01, logistic 0.01, mlp 0.002]", flat); // --lr
        Assert.Contains("--init <normal|xavier|kaiming|torch-default>", output);
        Assert.Contains("[default: torch-default]", output);
        Assert.Contains("--fold-mode <contiguous|shuffled|stratified>", output);
        Assert.Contains("[default: contiguous]", output);
        Assert.Contains("[default: 5]", output); // --folds
        Assert.Contains("at most 65536", output); // --hidden's bound is said
        Assert.Contains("Notes:", output);
        Assert.Contains("ensemble of 5 networks", output);
    }

    [Fact]
    public void Fashion_mnist_help_shows_d2l_defaults_and_the_better_configuration()
    {
        var (_, output, _) = CliTests.Run("fashion-mnist", "--help");
        Assert.Contains("[default: 10]", output); // --epochs
        Assert.Contains("[default: sgd]", output);
        Assert.Contains("[default: none]", output); // --dropout
        Assert.Contains("[default: /usr/share/datasets/fashion-mnist]", output);
        Assert.Contains("--standardize --optimizer adam", output);
    }

    [Fact]
    public void Help_wins_over_errors_on_the_same_command_line()
    {
        var (code, output, error) = CliTests.Run("kaggle", "--epochs", "0", "--help");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("--epochs", output);
    }
}
