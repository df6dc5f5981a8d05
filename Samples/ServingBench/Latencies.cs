using System.Globalization;

namespace DiveML.ServingBench;

/// <summary>Per-request latencies of one measurement, and the table line that reports them.</summary>
public sealed class Latencies(double[] milliseconds, double seconds, int rowsPerRequest)
{
    public double P50 { get; } = Percentile(milliseconds, 0.50);
    public double P99 { get; } = Percentile(milliseconds, 0.99);
    public double RowsPerSecond { get; } = milliseconds.Length * rowsPerRequest / seconds;
    public int RowsPerRequest { get; } = rowsPerRequest;

    /// <summary>A Markdown table line: p50 per row ÷ the floor's p50, and the floor's throughput ÷ this throughput.</summary>
    public string Line(string what, Latencies floor)
        => string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {P50:F3} | {P99:F3} | {RowsPerSecond:F0} | {P50 / RowsPerRequest / floor.P50:F1}× | {floor.RowsPerSecond / RowsPerSecond:F1}× |");

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
