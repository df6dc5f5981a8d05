using DiveML.Extensions.IO;
using DiveML.Extensions.CrossValidation;

namespace DiveML.Extensions.Plots;

/// <summary>
/// The models of a comparison fold by fold: one line per model over the folds, so that a model better on every fold
/// (what the paired test measures) is told apart from one better on average only.
/// </summary>
public static class FoldScoresPlot
{
    /// <summary>Saves the held-out primary metric of every fold of every model to <paramref name="path"/> (PNG).</summary>
    /// <param name="scores">The ranked models (<see cref="ModelComparison.Rank"/>).</param>
    /// <param name="path">PNG file to write.</param>
    /// <param name="title">Plot title.</param>
    public static void Save(IReadOnlyList<ModelScore> scores, string path, string title) =>
        // Rendered in memory and written atomically: a kill never leaves half a PNG, and a link planted at the path is replaced, not followed.
        AtomicFile.WriteAllBytes(path, Render(scores, title));

    /// <summary>The same plot as PNG bytes (800 × 500), for an app that writes them itself.</summary>
    /// <param name="scores">The ranked models (<see cref="ModelComparison.Rank"/>).</param>
    /// <param name="title">Plot title.</param>
    public static byte[] Render(IReadOnlyList<ModelScore> scores, string title)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0) throw new ArgumentException("No models to plot.", nameof(scores));
        string metric = scores[0].Report.PrimaryMetric;
        var plot = new ScottPlot.Plot();
        foreach (var score in scores)
        {
            var values = score.FoldScores;
            var xs = Enumerable.Range(1, values.Count).Select(f => (double)f).ToArray();
            // A fold whose metric is undefined (e.g. AUC of a one-class fold) is left out rather than drawn at 0.
            var kept = xs.Zip(values).Where(p => double.IsFinite(p.Second)).ToArray();
            var line = plot.Add.Scatter(kept.Select(p => p.First).ToArray(), kept.Select(p => p.Second).ToArray());
            line.LegendText = $"{score.Rank}. {score.Name} ({metric} {score.Mean:G4})";
            line.MarkerSize = 8;
        }
        plot.Title(title);
        plot.XLabel("fold");
        plot.YLabel($"valid {metric} ({(CrossValidationMetrics.LowerIsBetter(metric) ? "lower" : "higher")} is better)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(1, scores[0].FoldScores.Count).Select(f => (double)f).ToArray(),
            Enumerable.Range(1, scores[0].FoldScores.Count).Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend();
        return plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png);
    }
}
