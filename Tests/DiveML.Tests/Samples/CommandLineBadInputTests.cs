using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using DiveML.Samples.Cli;
using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

/// <summary>
/// docs/bad-inputs.md, "Command line": options and paths a careless user can type. Every case ends with one line on
/// standard error and an exit code the CLI chose (2 for a command line refused before any work, 1 for bad input), never
/// an unhandled exception, and nothing is written where it should not be.
/// </summary>
public class CommandLineBadInputTests
{
    private static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(1, count).Select(i => row(i) + "\n"));

    private static string Train(ScratchFolder dir) => dir.Write("t.csv", "Id,x,k,y\n" + Rows(20, i => $"{i},{i},{(i % 2 == 0 ? "a" : "b")},{100 + 7 * i}"));

    private static string Test(ScratchFolder dir) => dir.Write("s.csv", "Id,x,k\n21,3,a\n");

    /// <summary>Each case: a command line whose files collide, and the two options the refusal must name.</summary>
    public static TheoryData<string, string, string> Collisions() => new()
    {
        { "preprocess --data {t} --out {d}/same.csv --save-model {d}/same.csv", "--out", "--save-model" },
        { "preprocess --data {t} --out {t}", "--out", "--data" },
        { "apply --model {t} --data {s} --out {s}", "--out", "--data" },
        { "apply --model {d}/m.zip --data {s} --out {d}/m.zip", "--out", "--model" },
        { "predict --model {d}/m.zip --data {s} --out {d}/./m.zip", "--out", "--model" },
        { "predict --model {d}/m.zip --data {d}/link-to-s.csv --out {s}", "--out", "--data" },
        { "kaggle --train {t} --test {s} --label y --id Id --oof {t} --out {d}/o", "--oof", "--train" },
        { "kaggle --train {t} --test {s} --label y --id Id --oof {d}/o/submission.csv --out {d}/o", "--oof", "--out" },
        { "kaggle --train {t} --test {s} --label y --id Id --oof {d}/o/model.zip --out {d}/o", "--oof", "--out" },
        { "fashion-mnist --weights {d}/w.pt --save-weights {d}/w.pt --epochs 1 --out {d}/fm", "--save-weights", "--weights" },
    };

    [Theory]
    [MemberData(nameof(Collisions))]
    public void C04_output_paths_that_collide_with_another_file_are_refused_up_front_naming_both_options(string line, string output, string other)
    {
        using var dir = new ScratchFolder();
        var train = Train(dir);
        var test = Test(dir);
        File.WriteAllText(dir["m.zip"], "model");
        File.WriteAllText(dir["w.pt"], "weights");
        File.CreateSymbolicLink(dir["link-to-s.csv"], test);
        var before = Directory.GetFileSystemEntries(dir.Path).ToDictionary(f => f, f => File.Exists(f) ? File.ReadAllText(f) : "");
        var args = line.Replace("{t}", train).Replace("{s}", test).Replace("{d}", dir.Path).Split(' ');
        var (code, stdout, stderr) = CliTests.Run(args);
        Assert.Equal(2, code);
        var message = Assert.Single(CliTests.Lines(stderr));
        Assert.Contains(output + " ", message);
        Assert.Contains(other + " ", message);
        Assert.Contains("are the same file", message);
        Assert.Empty(stdout);
        // Nothing was written or replaced.
        Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path).ToDictionary(f => f, f => File.Exists(f) ? File.ReadAllText(f) : ""));
    }

    [Fact]
    public void C05_a_model_named_like_a_side_file_or_beside_a_csv_of_that_name_keeps_both_outputs()
    {
        using var dir = new ScratchFolder();
        var data = dir.Write("in.csv", "a,b\n1,x\n,y\n");
        // --save-model m.json (the name older models used for their side file), and --out p.json beside --save-model p.zip.
        Assert.Equal(0, CliTests.Run("preprocess", "--data", data, "--out", dir["m.csv"], "--save-model", dir["m.json"]).Code);
        Assert.Equal(0, CliTests.Run("preprocess", "--data", data, "--out", dir["p.json"], "--save-model", dir["p.zip"]).Code);
        Assert.StartsWith("a,b_x", File.ReadAllText(dir["p.json"]));
        foreach (var model in new[] { dir["m.json"], dir["p.zip"] })
        {
            var (code, _, stderr) = CliTests.Run("apply", "--model", model, "--data", data, "--out", dir["applied.csv"]);
            Assert.True(code == 0, stderr);
            Assert.Equal(File.ReadAllText(dir["m.csv"]), File.ReadAllText(dir["applied.csv"]));
        }
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("\"")]
    [InlineData("two\nlines")]
    public void C06_a_missing_value_text_that_would_add_fields_is_refused_naming_na_rep(string naRep)
    {
        using var dir = new ScratchFolder();
        var data = dir.Write("in.csv", "a,b\n1,x\n,y\n");
        var (code, _, stderr) = CliTests.Run("preprocess", "--data", data, "--out", dir["out.csv"], "--na-rep", naRep, "--save-model", dir["m.zip"]);
        Assert.Equal(2, code);
        Assert.StartsWith("dive preprocess: --na-rep must be text without a comma, a quote or a line break", stderr);
        Assert.False(File.Exists(dir["out.csv"]));
        Assert.Equal(0, CliTests.Run("preprocess", "--data", data, "--out", dir["out.csv"], "--save-model", dir["m.zip"]).Code);
        (code, _, stderr) = CliTests.Run("apply", "--model", dir["m.zip"], "--data", data, "--out", dir["applied.csv"], "--na-rep", naRep);
        Assert.Equal(2, code);
        Assert.Contains("--na-rep", stderr);
        Assert.False(File.Exists(dir["applied.csv"]));
    }

    [Theory]
    [InlineData("kaggle")]
    [InlineData("fashion-mnist")]
    public void C07_an_empty_hidden_layer_list_is_an_error_not_the_default(string command)
    {
        using var dir = new ScratchFolder();
        string[] args = command == "kaggle"
            ? ["kaggle", "--train", Train(dir), "--test", Test(dir), "--label", "y", "--model", "mlp", "--hidden", "", "--out", dir["o"]]
            : ["fashion-mnist", "--model", "mlp", "--hidden", "", "--out", dir["o"]];
        var (code, stdout, stderr) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("--hidden is empty: give whole numbers from 1 to 65536 separated by commas.", stderr);
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(dir["o"]));
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("256,2147483647")]
    [InlineData("99999999999")]
    public void C08_a_hidden_layer_too_large_to_allocate_is_refused_before_any_work(string hidden)
    {
        using var dir = new ScratchFolder();
        var (code, stdout, stderr) = CliTests.Run("kaggle", "--train", Train(dir), "--test", Test(dir), "--label", "y", "--model", "mlp", "--hidden", hidden, "--out", dir["o"]);
        Assert.Equal(2, code);
        Assert.Contains($"--hidden must be whole numbers from 1 to 65536 separated by commas (got '{hidden}')", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task C09_a_training_file_given_through_a_pipe_trains_as_the_file_would()
    {
        using var dir = new ScratchFolder();
        var train = Train(dir);
        var test = Test(dir);
        // bash's process substitution: --train /dev/fd/63, a pipe that can be read once and has no length.
        var dive = typeof(CommandRunner).Assembly.Location;
        string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
        var script = $"dotnet {Quote(dive)} kaggle --train <(cat {Quote(train)}) --test {Quote(test)} --label y --epochs 2 --folds 2 --seed 1 --out {Quote(dir["piped"])}";
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        Assert.Contains("/dev/fd/", await stdout);
        Assert.Equal(0, CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--epochs", "2", "--folds", "2", "--seed", "1", "--out", dir["file"]).Code);
        Assert.Equal(File.ReadAllText(dir["file/submission.csv"]), File.ReadAllText(dir["piped/submission.csv"]));
    }

    [Theory]
    [InlineData("kaggle --train /dev/zero --test {s} --label y --id Id --out {d}/o")]
    [InlineData("kaggle --train {t} --test /dev/zero --label y --id Id --out {d}/o")]
    [InlineData("preprocess --data /dev/zero --out {d}/out.csv")]
    [InlineData("predict --model {d}/m.zip --data /dev/zero --out {d}/out.csv")]
    public void C10_dev_zero_given_as_a_csv_is_named_as_binary_with_exit_code_1(string line)
    {
        using var dir = new ScratchFolder();
        var train = Train(dir);
        var test = Test(dir);
        if (line.StartsWith("predict", StringComparison.Ordinal))
        {
            Assert.Equal(0, CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--epochs", "2", "--folds", "2", "--out", dir["trained"]).Code);
            File.Copy(dir["trained/model.zip"], dir["m.zip"]);
        }
        var (code, stdout, stderr) = CliTests.Run(line.Replace("{t}", train).Replace("{s}", test).Replace("{d}", dir.Path).Split(' '));
        Assert.Equal(1, code);
        Assert.Contains("/dev/zero, line 1: the file holds a NUL byte at byte offset 0: it looks like a binary file, not CSV text. Check the path.", Assert.Single(CliTests.Lines(stderr)));
        Assert.DoesNotContain("fold", stdout);
        Assert.False(File.Exists(dir["out.csv"]));
    }

    private static byte[] Idx(params uint[] dims)
    {
        var header = new byte[4 + 4 * dims.Length];
        header[2] = 0x08;
        header[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), dims[i]);
        return header;
    }

    [Theory]
    [InlineData("data")]
    [InlineData("fashion-mnist")]
    public void C11_an_idx_file_announcing_an_impossible_size_is_named_with_exit_code_1(string command)
    {
        using var dir = new ScratchFolder();
        var mnist = Directory.CreateDirectory(dir["mnist"]).FullName;
        var images = Path.Combine(mnist, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, [.. Idx(0xFFFF_FFFF, 28, 28), .. new byte[784]]);
        File.WriteAllBytes(Path.Combine(mnist, "train-labels-idx1-ubyte"), [.. Idx(1), 3]);
        string[] args = command == "data" ? ["data", "--data-dir", mnist] : ["fashion-mnist", "--epochs", "1", "--data-dir", mnist, "--out", dir["fm"]];
        var (code, _, stderr) = CliTests.Run(args);
        Assert.Equal(1, code);
        var message = Assert.Single(CliTests.Lines(stderr));
        Assert.Contains($"{images}: the IDX header announces 4294967295 × 28 × 28 bytes of data", message);
        Assert.Contains("re-install it", message);
        Assert.False(Directory.Exists(dir["fm"]));
    }

    [Fact]
    public void C12_library_messages_reach_the_user_without_parameter_names_internal_columns_or_api_advice()
    {
        // A .NET parameter name copied into another exception's message (as ML.NET does) is dropped too.
        var root = new RootCommand();
        var boom = new Command("boom");
        boom.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("Schema mismatch for input column 'x' (Parameter 'inputSchema')")));
        root.Subcommands.Add(boom);
        var error = new StringWriter();
        Assert.Equal(1, CommandRunner.Run(root, ["boom"], new CliContext(TextWriter.Null, error, ProgressStyle.Lines)));
        Assert.Equal("dive boom: Schema mismatch for input column 'x'", Assert.Single(CliTests.Lines(error.ToString())));

        // What the trainers say to a programmer, in a command line user's terms.
        var terms = new Dictionary<string, string> { ["Label_1"] = "the label 'y'", ["Features"] = "the features" };
        var nonFinite = new InvalidDataException("Validation row 4: feature column 'Features', slot 0 ('x') is Infinity. Neural networks cannot train on NaN or " +
            "infinite inputs: fill missing values first with mlContext.Transforms.FillNaMean(...) (or ReplaceMissingValues), and clip or drop infinite values.");
        Assert.Equal("row 4 (counted from 0) of a fold's held-out rows: feature 'x' is Infinity. Neural networks cannot train on NaN or infinite inputs. " +
            "The files hold no infinite value, so a value of 'x' far outside the rest of its column (such as 1e39 among values near 1) went beyond the range of " +
            "32-bit numbers (±3.4e38) once standardised with the fold's training rows: correct or clip its extreme values, or rescale the column.",
            UserTerms.Translate(nonFinite, terms).Message);
        var label = new InvalidDataException("Training row 7: label 'Label_1' is NaN. Remove rows with a missing label (mlContext.Data.FilterRowsByMissingValues) before training.");
        Assert.Equal("row 7 (counted from 0) of a fold's training rows: the label 'y' is NaN. Remove rows with a missing label.", UserTerms.Translate(label, terms).Message);
        var key = new ArgumentOutOfRangeException("inputSchema", "Label column 'Label_1' must be a key for multiclass training: add mlContext.Transforms.Conversion.MapValueToKey(\"Label_1\").");
        Assert.Equal("the label 'y' must be a key for multiclass training.", UserTerms.Translate(key, terms).Message);
        Assert.Equal("Value 'x' is not a number.", UserTerms.Translate(new FormatException("Value 'x' is not a number. Force String instead, or clean the value."), terms).Message);
        var bug = new NullReferenceException("oops");
        Assert.Same(bug, UserTerms.Translate(bug, terms)); // a bug stays a bug (exit 70)

        // Through dive kaggle: early stopping on folds with one training row per class.
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n1,1,a\n2,2,b\n3,3,a\n4,4,b\n");
        var test = dir.Write("s.csv", "Id,x\n5,5\n");
        var (code, _, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--models", "logistic", "--early-stopping", "2",
            "--epochs", "3", "--folds", "2", "--fold-mode", "stratified", "--out", dir["o"]);
        Assert.Equal(1, code);
        var line = Assert.Single(CliTests.Lines(stderr));
        Assert.Contains("run without --early-stopping", line);
        Assert.DoesNotContain("EarlyStopping", line);
        Assert.False(Directory.Exists(dir["o"]));
    }

    [Fact]
    public void C13_an_output_folder_that_is_a_file_is_refused_up_front()
    {
        using var dir = new ScratchFolder();
        var file = dir.Write("results", "not a folder");
        var (code, stdout, stderr) = CliTests.Run("kaggle", "--train", Train(dir), "--test", Test(dir), "--label", "y", "--out", file);
        Assert.Equal(2, code);
        Assert.Contains($"--out {file} is a file; give a folder", stderr);
        Assert.Empty(stdout);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void C14_an_empty_header_name_is_pandas_unnamed_column_in_every_command()
    {
        using var dir = new ScratchFolder();
        // pandas' own to_csv() writes its index under an empty header name.
        var train = dir.Write("t.csv", "Id,,y\n" + Rows(20, i => $"{i},{i % 5},{100 + 7 * i}"));
        var test = dir.Write("s.csv", "Id,\n21,3\n");
        var (code, _, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--epochs", "2", "--folds", "2", "--out", dir["o"]);
        Assert.True(code == 0, stderr);
        (code, _, stderr) = CliTests.Run("preprocess", "--data", train, "--out", dir["p.csv"]);
        Assert.True(code == 0, stderr);
        Assert.StartsWith("Id,Unnamed: 1,y", File.ReadAllText(dir["p.csv"]));
        (code, _, stderr) = CliTests.Run("predict", "--model", dir["o/model.zip"], "--data", test, "--out", dir["pred.csv"]);
        Assert.True(code == 0, stderr);
    }
    [Fact]
    public void C15_a_header_name_of_white_space_is_kept_as_pandas_keeps_it()
    {
        using var dir = new ScratchFolder();
        // A numeric and a text column each named only by white space: ML.NET's transforms refuse such an output name.
        var train = dir.Write("t.csv", "Id, ,\t,y\n" + Rows(20, i => $"{i},{i % 5},{(i % 3 == 0 ? "" : "ab"[i % 2].ToString())},{100 + 7 * i}"));
        var test = dir.Write("s.csv", "Id, ,\t\n21,3,a\n22,,\n");
        var (code, _, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--epochs", "2", "--folds", "2", "--out", dir["o"]);
        Assert.True(code == 0, stderr);
        (code, _, stderr) = CliTests.Run("preprocess", "--data", train, "--exclude", "Id,y", "--out", dir["p.csv"]);
        Assert.True(code == 0, stderr);
        Assert.StartsWith("Id,y, ,\t_a,\t_b,\t_nan\n", File.ReadAllText(dir["p.csv"]));
        (code, _, stderr) = CliTests.Run("predict", "--model", dir["o/model.zip"], "--data", test, "--out", dir["pred.csv"]);
        Assert.True(code == 0, stderr);
    }
    [Fact]
    public void C16_an_output_file_in_a_missing_folder_or_naming_a_folder_is_refused_before_any_work()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,x,y\n" + Rows(20, i => $"{i},{i % 5},{100 + 7 * i}"));
        var test = dir.Write("s.csv", "Id,x\n21,3\n");
        Directory.CreateDirectory(dir["folder"]);
        foreach (var (oof, expect) in new[] { (dir["missing/oof.csv"], "does not exist"), (dir["folder"], "is a folder") })
        {
            var (code, stdout, stderr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--epochs", "2", "--folds", "2", "--oof", oof, "--out", dir["o"]);
            Assert.Equal(2, code);
            Assert.Contains($"--oof {oof}", stderr);
            Assert.Contains(expect, stderr);
            Assert.Equal("", stdout); // refused before any work
            Assert.False(Directory.Exists(dir["o"]));
        }
        // --oof naming the folder --out creates (or one of its parents), and --out below a file: refused up front too.
        var afile = dir.Write("afile", "x");
        foreach (var (args, expect) in new[]
        {
            (new[] { "--oof", dir["made"], "--out", dir["made/run"] }, "the output folder, created for the run"),
            (["--out", Path.Combine(afile, "sub")], "is a file, so the folder cannot be created there"),
        })
        {
            var (code, stdout, stderr) = CliTests.Run(["kaggle", "--train", train, "--test", test, "--label", "y", "--epochs", "2", "--folds", "2", .. args]);
            Assert.Equal(2, code);
            Assert.Contains(expect, stderr);
            Assert.Equal("", stdout);
        }
        Assert.False(Directory.Exists(dir["made"]));
        // --out is created with its parents, so a file may go in any of them.
        var (ocode, _, oerr) = CliTests.Run("kaggle", "--train", train, "--test", test, "--label", "y", "--epochs", "2", "--folds", "2",
            "--oof", dir["res/oof.csv"], "--out", dir["res/run1"]);
        Assert.True(ocode == 0, oerr);
        Assert.True(File.Exists(dir["res/oof.csv"]));
        var (pcode, _, perr) = CliTests.Run("preprocess", "--data", train, "--out", dir["missing/p.csv"]);
        Assert.Equal(2, pcode);
        Assert.Contains("--out", perr);
        Assert.Contains("does not exist", perr);
    }
    [Fact]
    public void C17_preprocess_warns_of_a_column_without_a_mean_in_words_that_fit_why()
    {
        using var dir = new ScratchFolder();
        // 'Unnamed: 2' has no value at all; 'x' holds inf and -inf (its mean is NaN in pandas too).
        var data = dir.Write("d.csv", "Id,x,Unnamed: 2\n1,inf,\n2,-inf,\n3,,\n");
        var (code, _, stderr) = CliTests.Run("preprocess", "--data", data, "--out", dir["p.csv"]);
        Assert.True(code == 0, stderr);
        var lines = CliTests.Lines(stderr);
        Assert.Contains(lines, l => l.Contains("column 'Unnamed: 2'") && l.Contains("has no values") && l.Contains("--exclude 'Unnamed: 2'"));
        Assert.Contains(lines, l => l.Contains("column 'x'") && l.Contains("hold both inf and -inf") && !l.Contains("no values"));
        // The summary counts neither as filled with a mean, and says "1 row" of one row.
        (code, var stdout, stderr) = CliTests.Run("preprocess", "--data", dir.Write("one.csv", "Id,x,e\n1,2.5,\n"), "--exclude", "Id", "--out", dir["one.out.csv"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("one.csv: 1 row; 1 column filled with their mean (1 without values left empty), 0 text columns → 0 dummies", stdout);
        Assert.Contains("1 row × 3 columns", stdout);
    }
    [Fact]
    public void C23_dive_apply_names_a_missing_column_and_explains_a_value_by_the_models_training_file()
    {
        using var dir = new ScratchFolder();
        var train = dir.Write("t.csv", "Id,n,c\n1,1.5,a\n2,,b\n3,2.5,\n");
        var (code, _, stderr) = CliTests.Run("preprocess", "--data", train, "--exclude", "Id", "--out", dir["p.csv"], "--save-model", dir["m.zip"]);
        Assert.True(code == 0, stderr);
        // Without n, which the model fills: named, with the columns the model was fitted on.
        (code, _, stderr) = CliTests.Run("apply", "--model", dir["m.zip"], "--data", dir.Write("a.csv", "Id,c\n4,a\n"), "--out", dir["a.out.csv"]);
        Assert.Equal(1, code);
        Assert.Contains("has no column 'n', which the model fills or encodes: it was fitted on a file with the columns Id, n, c.", stderr);
        // Without Id, which the model passes through: fine, and said.
        (code, var stdout, stderr) = CliTests.Run("apply", "--model", dir["m.zip"], "--data", dir.Write("b.csv", "n,c\n4,a\n"), "--out", dir["b.out.csv"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("not written: Id", stdout);
        // A value that does not fit: explained by the file the model was fitted on, without the loader's advice.
        (code, _, stderr) = CliTests.Run("apply", "--model", dir["m.zip"], "--data", dir.Write("c.csv", "Id,n,c\n4,abc,a\n"), "--out", dir["c.out.csv"]);
        Assert.Equal(1, code);
        Assert.Contains($"value 'abc' does not fit: the column holds numbers in the file {dir["m.zip"]} was fitted on.", stderr);
        Assert.DoesNotContain("Force", stderr);
    }
}
