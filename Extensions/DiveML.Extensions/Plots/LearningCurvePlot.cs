using DiveML.Extensions.IO;
using DiveML.Trainers;

namespace DiveML.Extensions.Plots;

/// <summary>
/// d2l's Animator as a PNG: per epoch the training loss, the training metric and the validation metric; with several
/// histories (one per fold) each curve is the mean across folds with a ±1 std band.
/// </summary>
public static class LearningCurvePlot
{
    /// <summary>Saves the learning curves of <paramref name="histories"/> to <paramref name="path"/>.</summary>
    /// <param name="histories">One history per fold (or one for a single fit).</param>
    /// <param name="metricName">Name of the metric (e.g. "accuracy", "RMSE"), for the legend.</param>
    /// <param name="path">PNG file to write.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="includeLoss">Plot the training loss too (off for regression, where the squared loss dwarfs the RMSE).</param>
    public static void Save(IReadOnlyList<IReadOnlyList<EpochRecord>> histories, string metricName, string path, string title, bool includeLoss = true) =>
        // Rendered in memory and written atomically: a kill never leaves half a PNG, and a link planted at the path is replaced, not followed.
        AtomicFile.WriteAllBytes(path, Render(histories, metricName, title, includeLoss));

    /// <summary>
    /// The learning curves of <paramref name="histories"/> as PNG bytes (800 × 500), for an app that writes them itself —
    /// for instance only once the rest of its outputs are known to be good.
    /// </summary>
    /// <param name="histories">One history per fold (or one for a single fit).</param>
    /// <param name="metricName">Name of the metric (e.g. "accuracy", "RMSE"), for the legend.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="includeLoss">Plot the training loss too (off for regression, where the squared loss dwarfs the RMSE).</param>
    public static byte[] Render(IReadOnlyList<IReadOnlyList<EpochRecord>> histories, string metricName, string title, bool includeLoss = true)
    {
        if (histories.Count == 0 || histories.Any(h => h.Count == 0)) throw new ArgumentException("No training history to plot.", nameof(histories));
        int epochs = histories.Min(h => h.Count);
        double[] xs = Enumerable.Range(1, epochs).Select(e => (double)e).ToArray();
        var plot = new ScottPlot.Plot();
        if (includeLoss) Add(plot, xs, histories, r => r.TrainLoss, "train loss", epochs);
        Add(plot, xs, histories, r => r.TrainMetric, $"train {metricName}", epochs);
        if (histories.All(h => h.Take(epochs).All(r => r.ValidationMetric is not null)))
            Add(plot, xs, histories, r => r.ValidationMetric!.Value, $"valid {metricName}", epochs);
        plot.Title(histories.Count > 1 ? $"{title} (mean ± std over {histories.Count} folds)" : title);
        plot.XLabel("epoch");
        plot.ShowLegend();
        return plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png);
    }

    private static void Add(ScottPlot.Plot plot, double[] xs, IReadOnlyList<IReadOnlyList<EpochRecord>> histories, Func<EpochRecord, double> value, string label, int epochs)
    {
        var mean = new double[epochs];
        var std = new double[epochs];
        for (int e = 0; e < epochs; e++)
        {
            var values = histories.Select(h => value(h[e])).ToArray();
            mean[e] = values.Average();
            std[e] = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean[e]) * (v - mean[e])) / (values.Length - 1)) : 0;
        }
        var line = plot.Add.Scatter(xs, mean);
        line.LegendText = label;
        if (histories.Count > 1)
        {
            var band = plot.Add.FillY(xs, mean.Zip(std, (m, s) => m - s).ToArray(), mean.Zip(std, (m, s) => m + s).ToArray());
            band.FillStyle.Color = line.Color.WithAlpha(0.2);
            band.LineWidth = 0;
        }
    }
}
