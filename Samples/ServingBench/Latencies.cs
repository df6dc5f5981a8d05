using System.Globalization;

namespace DiveML.ServingBench;

/// <summary>Per-request latencies of one measurement, and the table line that reports them.</summary>
public sealed class Latencies(double[] milliseconds, double seconds, int rowsPerRequest)
{
    public double P50 { get; } = Percentile(milliseconds, 0.50);
    public double P99 { get; } = Percentile(milliseconds, 0.99);
    public double RowsPerSecond { get; } = milliseconds.Length * rowsPerRequest / seconds;
    public int RowsPerRequest { get; } = rowsPerRequest;

    /// <summary>A Markdown table line; the ratio compares the per-row p50 with the floor's.</summary>
    public string Line(string what, double floorP50)
        => string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {P50:F3} | {P99:F3} | {RowsPerSecond:F0} | {P50 / RowsPerRequest / floorP50:F1}× per row |");

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
