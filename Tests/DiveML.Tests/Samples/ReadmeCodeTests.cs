using System.Text.RegularExpressions;
using DiveML.Tests.Extensions.BadInputs;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

/// <summary>
/// Every C# block of README.md and docs/ is a program of <c>Samples/Readme/</c>, verbatim, and runs: a reader who
/// copies one gets code that compiles, and that finishes.
/// </summary>
public partial class ReadmeCodeTests
{
    private static readonly string[] Programs = ["Samples/Readme/Library/Program.cs", "Samples/Readme/Deploy/Program.cs", "Samples/Readme/CustomLayer/Program.cs", "Samples/Readme/LoadModel/Program.cs"];

    private static IEnumerable<(string File, string Code)> CSharpBlocks()
    {
        var documents = new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Select(f => Path.GetRelativePath(RepoPaths.Root, f)));
        foreach (var document in documents)
            foreach (Match block in CSharpBlock().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, document)).ReplaceLineEndings("\n")))
                yield return (document, block.Groups[1].Value.TrimEnd('\n'));
    }

    [GeneratedRegex(@"```(?:csharp|cs|c#)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Fact]
    public void Every_CSharp_block_in_the_docs_is_one_of_the_programs_CI_runs_verbatim()
    {
        var programs = Programs.ToDictionary(p => p, p => File.ReadAllText(Path.Combine(RepoPaths.Root, p)).ReplaceLineEndings("\n").TrimEnd('\n'));
        var used = new HashSet<string>();
        foreach (var (document, code) in CSharpBlocks())
        {
            var match = programs.FirstOrDefault(p => p.Value == code).Key;
            Assert.True(match is not null, $"A C# block in {document} is not (or no longer) identical to any of {string.Join(", ", Programs)}; " +
                $"put the code into one of them (or a new Samples/Readme program) so CI compiles and runs it. The block starts: {code[..Math.Min(120, code.Length)]}");
            used.Add(match);
        }
        Assert.Equal(Programs.Order(), used.Order());
    }

    [Fact]
    public void The_library_example_runs_and_a_plain_ML_NET_app_scores_the_model_it_saved()
    {
        using var folder = new ScratchFolder();
        // The example reads data/... relative to where it runs, as a reader running it from the repository root would.
        var data = Directory.CreateSymbolicLink(Path.Combine(folder.Path, "data"), Path.Combine(RepoPaths.Root, "data"));
        try
        {
            RunBoth(folder);
        }
        finally
        {
            data.Delete(); // the link, never the repository's data it points to
        }
    }

    private static void RunBoth(ScratchFolder folder)
    {
        var library = BuiltApp.AssemblyPath("Samples/Readme/Library", "ReadmeLibrary", "readme-library");
        var (code, stdout, stderr) = BuiltApp.Run(library, folder.Path);
        Assert.True(code == 0, stderr + stdout);
        Assert.Matches(@"LotFrontage mean 70\.0500; 295 dummy columns", stdout);
        Assert.Matches(@"Fashion-MNIST test accuracy 0\.(8[0-9]|9)", stdout);
        Assert.Matches(@"breast cancer AUC 0\.9", stdout);
        Assert.Matches(@"worst_concave_points +AUC change when shuffled -0\.[1-9]", stdout);
        Assert.Matches(@"5-fold RMSE \d+\.\d+ ± \d+\.\d+", stdout);
        foreach (var output in new[] { "fashion-mlp.zip", "fashion-mlp.pt", "cv-report.md" })
            Assert.True(File.Exists(Path.Combine(folder.Path, output)), output);

        var deploy = BuiltApp.AssemblyPath("Samples/Readme/Deploy", "ReadmeDeploy", "readme-deploy");
        (code, stdout, stderr) = BuiltApp.Run(deploy, folder.Path);
        Assert.True(code == 0, stderr + stdout);
        Assert.Matches(@"a blank image: class \d with probability 0\.\d\d", stdout);

        var custom = BuiltApp.AssemblyPath("Samples/Readme/CustomLayer", "ReadmeCustomLayer", "readme-custom-layer");
        (code, stdout, stderr) = BuiltApp.Run(custom, folder.Path);
        Assert.True(code == 0, stderr + stdout);
        var same = Regex.Match(stdout, @"first prediction: (\S+) fitted, (\S+) after loading");
        Assert.True(same.Success, stdout);
        Assert.Equal(same.Groups[1].Value, same.Groups[2].Value);

        var load = BuiltApp.AssemblyPath("Samples/Readme/LoadModel", "ReadmeLoadModel", "readme-load-model");
        (code, stdout, stderr) = BuiltApp.Run(load, folder.Path);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("made by my app: train.csv's means; it reads 81 columns", stdout);
    }
}
