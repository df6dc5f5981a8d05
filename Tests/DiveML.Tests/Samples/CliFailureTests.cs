using System.CommandLine;
using DiveML.Samples.Cli;
using DiveML.Extensions.Data;

namespace DiveML.Tests.Samples;

/// <summary>Failures while running: one line "dive COMMAND: message", exit 1 for bad input, 70 for a bug, never a stack trace.</summary>
public class CliFailureTests
{
    [Fact]
    public void A_missing_training_file_is_named_with_exit_code_1()
    {
        var (code, stdout, stderr) = CliTests.Run("kaggle", "--train", "missing.csv", "--test", "missing-too.csv", "--label", "y", "--id", "Id",
            "--out", Path.Combine(Path.GetTempPath(), $"diveml-missing-{Guid.NewGuid():N}"));
        Assert.Equal(1, code);
        var line = Assert.Single(CliTests.Lines(stderr));
        Assert.StartsWith("dive kaggle: ", line);
        Assert.Contains("missing.csv", line);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        Assert.Empty(stdout);
    }

    [Fact]
    public void A_missing_model_is_named_with_exit_code_1()
    {
        var (code, _, stderr) = CliTests.Run("predict", "--model", "/nonexistent/model.zip", "--data", "x.csv", "--out", "y.csv");
        Assert.Equal(1, code);
        Assert.Contains("dive predict: Model '/nonexistent/model.zip' does not exist", stderr);
    }

    public static TheoryData<Exception, int> Failures() => new()
    {
        { new IOException("disk full"), 1 },
        { new FormatException("bad number"), 1 },
        { new InvalidDataException("corrupt"), 1 },
        { new ArgumentException("bad column"), 1 },
        { new ArgumentOutOfRangeException("folds", 5, "Cannot make 5 folds from 3 rows."), 1 },
        { new UnauthorizedAccessException("read-only"), 1 },
        { new CsvFormatException("train.csv", 3, "a", "not a number"), 1 }, // DiveML's own
        { new AggregateException(new IOException("inside a parallel loop")), 1 },
        { new UsageException("--id is required"), 2 },
        { new NullReferenceException("oops"), 70 },
        { new IndexOutOfRangeException("off by one"), 70 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void An_exception_becomes_one_line_and_an_exit_code(Exception exception, int expected)
    {
        var root = new RootCommand();
        var boom = new Command("boom");
        boom.SetAction(new Func<ParseResult, int>(_ => throw exception));
        root.Subcommands.Add(boom);
        var error = new StringWriter();
        int code = CommandRunner.Run(root, ["boom"], new CliContext(TextWriter.Null, error, ProgressStyle.Lines));
        Assert.Equal(expected, code);
        var line = Assert.Single(CliTests.Lines(error.ToString()));
        Assert.StartsWith("dive boom: ", line);
        var innermost = exception is AggregateException a ? a.InnerExceptions[0] : exception;
        Assert.Contains(innermost.Message.Split('\n')[0].Replace(" (Parameter 'folds')", ""), line);
        Assert.DoesNotContain("(Parameter", line); // a C# parameter name means nothing to the user
        if (expected == 70) Assert.Contains("This is a bug", line);
        else Assert.DoesNotContain("bug", line);
    }
}
