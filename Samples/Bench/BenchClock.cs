using System.Diagnostics;

namespace DiveML.Samples.Bench;

/// <summary>Timing and memory helpers for the <c>dive bench</c> commands: median of repeated runs after a warm-up, peak RSS.</summary>
public static class BenchClock
{
    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="repeats"/> times; returns every timed run in seconds.</summary>
    public static double[] Measure(Action action, int repeats)
    {
        action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        return times;
    }

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Peak resident set size of this process (VmHWM), in bytes; 0 where /proc is unavailable.</summary>
    public static long PeakRssBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        foreach (var line in File.ReadLines(status))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    /// <summary>Resets VmHWM (Linux: write 5 to /proc/self/clear_refs) so a phase's own peak can be read; false if not allowed.</summary>
    public static bool ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public static string Machine()
        => $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {(File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() : "?")}";
}
