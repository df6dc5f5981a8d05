namespace DiveML.Tests.Samples;

/// <summary>A wrong command line is refused before any work: one line naming the option and what it accepts, exit code 2.</summary>
public class CliUsageErrorTests
{
    public static TheoryData<string[], string, string> BadCommandLines() => new()
    {
        // args ("{out}": a folder that must not be created), what the message names, what it says is allowed
        { ["fashion-mnist", "--out", "{out}", "--epochs", "0"], "--epochs 0", "give --weights FILE.pt" },
        { ["kaggle", "--train", "data/house-prices/train.csv", "--test", "data/house-prices/test.csv", "--label", "SalePrice", "--out", "{out}", "--epochs", "0"], "--epochs", "from 1 to 100000" },
        { ["fashion-mnist", "--out", "{out}", "--epochs", "ten"], "--epochs", "(got 'ten')" },
        { ["fashion-mnist", "--out", "{out}", "--lr", "0"], "--lr", "a number from" },
        { ["fashion-mnist", "--out", "{out}", "--optimizer", "foo"], "--optimizer", "one of sgd, adam" },
        { ["fashion-mnist", "--out", "{out}", "--init", "he"], "--init", "torch-default" },
        { ["fashion-mnist", "--out", "{out}", "--model", "linear"], "--model", "one of softmax, mlp" },
        { ["fashion-mnist", "--out", "{out}", "--hidden", ""], "--hidden", "is empty" },
        { ["fashion-mnist", "--out", "{out}", "--hidden", "2147483647"], "--hidden", "to 65536" },
        { ["fashion-mnist", "--out", "{out}", "--hidden", "512,,256"], "--hidden", "separated by commas" },
        { ["fashion-mnist", "--out", "{out}", "--dropout", "1.5"], "--dropout", "up to (not including) 1" },
        { ["fashion-mnist", "--out", "{out}", "--dropout", ""], "--dropout", "is empty" },
        { ["fashion-mnist", "--out", "{out}", "--model", "softmax", "--hidden", "128"], "--hidden", "--model mlp only" },
        { ["fashion-mnist", "--out", "{out}", "--hidden", "128,64", "--dropout", "0.1,0.2,0.3"], "--dropout", "one per layer" },
        { ["fashion-mnist", "--out", "{out}", "--ensemble", "0"], "--ensemble", "from 1 to 1000" },
        { ["fashion-mnist", "--out", "{out}", "--epochs", "3", "--epochs", "4"], "--epochs", "2 were provided" },
        { ["fashion-mnist", "--out", "{out}", "--epoch", "3"], "--epoch", "did you mean '--epochs'" },
        { ["fashion-mnist", "--out", "{out}", "--standardize", "yes"], "'yes'", "--name value" },
        { ["fashion-mnist", "--out", ""], "--out", "is empty" },
        { ["fashion-mnist", "--epochs", "2"], "--out", "required" },
        { ["kaggle", "--test", "t.csv", "--label", "y", "--out", "{out}"], "--train", "required" },
        { ["kaggle", "--train", "a.csv", "--test", "t.csv", "--label", "y", "--out", "{out}", "--fold-mode", "random"], "--fold-mode", "contiguous, shuffled, stratified" },
        { ["kaggle", "--train", "a.csv", "--test", "t.csv", "--label", "y", "--out", "{out}", "--task", "ranking"], "--task", "auto, regression, binary, multiclass" },
        { ["preprocess", "--data", "in.csv", "--out", "{out}", "--exclude", ""], "--exclude", "is empty" },
        { ["linreg", "--examples", "5"], "--examples", "from 10 to 10000000" },
        { ["bench", "load", "--repeats", "0"], "--repeats", "from 1 to 100" },
        { ["bench"], "dive bench", "load, preprocess, train, kaggle" },
        { ["data", "extra"], "'extra'", "--name value" },
        { ["frobnicate"], "'frobnicate'", "the commands are all, data," },
        { ["fashion-minst"], "'fashion-minst'", "did you mean 'fashion-mnist'" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Is_refused_with_one_line_naming_the_option_and_exit_code_2(string[] args, string named, string allowed)
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"diveml-usage-{Guid.NewGuid():N}");
        var (code, stdout, stderr) = CliTests.Run(args.Select(a => a == "{out}" ? outDir : a).ToArray());
        Assert.Equal(2, code);
        var line = Assert.Single(CliTests.Lines(stderr));
        Assert.StartsWith("dive", line);
        Assert.Contains(named, line);
        Assert.Contains(allowed, line);
        Assert.Empty(stdout); // nothing ran
        Assert.False(Directory.Exists(outDir), "the command started working before its command line was checked");
    }
}
