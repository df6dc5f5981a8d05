using DiveML.Extensions.Plots;
using DiveML.Tests.Extensions.BadInputs;
using DiveML.Trainers;

namespace DiveML.Tests.Extensions.IO;

/// <summary>docs/bad-inputs.md, "Output files": the plots are rendered in memory and written atomically, as every other output.</summary>
public class PlotFileTests
{
    [Fact]
    public void A06_plots_are_rendered_in_memory_and_replace_a_planted_link_instead_of_writing_through_it()
    {
        using var dir = new ScratchFolder();
        var victim = dir.Write("victim.txt", "keep me");
        var curves = dir["curves.png"];
        var grid = dir["grid.png"];
        File.CreateSymbolicLink(curves, victim);
        File.CreateSymbolicLink(grid, victim);
        IReadOnlyList<EpochRecord> history = [new(1, 0.9, 0.5, 0.4, 0.1), new(2, 0.7, 0.6, 0.5, 0.1)];
        LearningCurvePlot.Save([history, history], "accuracy", curves, "curves");
        ImageGridPlot.Save([new byte[28 * 28], new byte[28 * 28]], 28, 28, ["a", "b"], ["a", "c"], grid);
        Assert.Equal("keep me", File.ReadAllText(victim));
        foreach (var png in new[] { curves, grid })
        {
            Assert.Null(new FileInfo(png).LinkTarget);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        }
        Assert.Equal(["curves.png", "grid.png", "victim.txt"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }
}
