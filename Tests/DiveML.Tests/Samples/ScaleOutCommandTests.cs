using System.Text.RegularExpressions;
using DiveML.Tests.Extensions.Distributed;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

/// <summary>
/// <c>dive kaggle --cluster</c> and <c>--workers</c> in real processes: workers and drivers killed with SIGKILL mid-run,
/// results resumed and damaged results recomputed; every report must equal the in-process one.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public partial class ScaleOutCommandTests(ScaleOutReference reference)
{
    private static readonly TimeSpan Minutes2 = TimeSpan.FromMinutes(2);

    [GeneratedRegex(@"^units: (\d+) in run [0-9a-f]{16}; (\d+) fitted by workers, (\d+) reused")]
    private static partial Regex UnitsLine();

    private static (int Units, int Fitted, int Reused) Units(string output)
    {
        var match = output.Split('\n').Select(l => UnitsLine().Match(l)).FirstOrDefault(m => m.Success)
            ?? throw new Xunit.Sdk.XunitException($"no 'units:' line in the output:\n{output}");
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
    }

    [Fact]
    public void Three_workers_on_a_redis_cluster_one_killed_mid_fit_give_the_in_process_report()
    {
        // The kill must land while w2 is fitting; a unit takes well under a second, so w2 may already have stored its
        // result when the signal arrives. Every run must still give the in-process report; the scenario is repeated
        // (at most 4 times) until one kill lands mid-fit and the lost unit is fitted again by another worker.
        for (int run = 1; run <= 4; run++)
            if (KillOneWorkerOfThree()) return;
        Assert.Fail("in 4 runs, w2 always finished its unit before it was killed: no run showed a unit fitted again");
    }

    /// <summary>One run with three workers, w2 killed as soon as it takes a unit; true when that unit was fitted again.</summary>
    private bool KillOneWorkerOfThree()
    {
        using var redis = RedisServer.Start();
        var dir = ScaleOutReference.TempDir("redis");
        var workers = new List<DiveProcess>();
        try
        {
            using var driver = DiveProcess.Start([.. ScaleOutReference.Command, "--cluster", redis.Url, "--out", dir]);
            for (int i = 1; i <= 3; i++)
                workers.Add(DiveProcess.Start("worker", "--cluster", redis.Url, "--name", $"w{i}", "--lease", "2", "--torch-threads", "1"));
            // The driver prints "  w2 fits …" when it sees w2's lease: kill w2 then, in the middle of that fit.
            var leased = driver.WaitForLine(l => l.StartsWith("  w2 fits ", StringComparison.Ordinal), Minutes2);
            Assert.True(leased is not null, $"w2 never took a unit:\n{driver.Output}\n{driver.Errors}\n{string.Join('\n', workers.Select(w => w.Errors))}");
            workers[1].Kill();
            int code = driver.WaitForExit(Minutes2);
            Assert.True(code == 0, driver.Output + "\n" + driver.Errors);
            Assert.Equal((ScaleOutReference.Units, ScaleOutReference.Units, 0), Units(driver.Output));
            ScaleOutReference.AssertSameReport(reference.Report, ScaleOutReference.Comparable(Path.Combine(dir, "cv-report.json")));
            Assert.Equal(reference.Submission, File.ReadAllText(Path.Combine(dir, "submission.csv")));
            // The killed worker's unit came back when its lease expired and was fitted by another worker.
            var unit = leased!["  w2 fits ".Length..];
            return driver.Output.Contains($"fits {unit} (attempt 2: an earlier worker was lost)", StringComparison.Ordinal);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
        }
    }

    [Fact]
    public void A_killed_driver_resumes_from_stored_results_and_damaged_results_are_found_and_recomputed()
    {
        var dir = ScaleOutReference.TempDir("resume");
        string[] command = [.. ScaleOutReference.Command, "--workers", "2", "--out", dir];
        var results = Path.Combine(dir, ".dive-run", "results");
        int Stored() => Directory.Exists(results) ? Directory.GetFiles(results, "*.result").Length : 0;

        // 1. Kill the driver (SIGKILL) once two units are stored; its workers must leave by themselves.
        IReadOnlyList<int> orphans;
        using (var first = DiveProcess.Start(command))
        {
            var deadline = DateTime.UtcNow + Minutes2;
            while (Stored() < 2)
            {
                Assert.True(DateTime.UtcNow < deadline && !first.HasExited, $"two results were not stored in time:\n{first.Output}\n{first.Errors}");
                Thread.Sleep(20);
            }
            orphans = first.Children();
            Assert.Equal(2, orphans.Count);
            first.Kill();
            var leave = DateTime.UtcNow + TimeSpan.FromSeconds(40);
            while (orphans.Any(first.IsOurChildAlive) && DateTime.UtcNow < leave) Thread.Sleep(100);
            Assert.False(orphans.Any(first.IsOurChildAlive), "worker processes outlived the driver that started them");
        }
        int stored = Stored();
        Assert.InRange(stored, 2, ScaleOutReference.Units - 1);

        // 2. The same command again: it reuses what was stored and fits only the rest (the units in flight, and those not started).
        using (var second = DiveProcess.Start(command))
        {
            Assert.True(second.WaitForExit(Minutes2) == 0, second.Output + "\n" + second.Errors);
            Assert.Equal((ScaleOutReference.Units, ScaleOutReference.Units - stored, stored), Units(second.Output));
        }
        ScaleOutReference.AssertSameReport(reference.Report, ScaleOutReference.Comparable(Path.Combine(dir, "cv-report.json")));
        Assert.Equal(reference.Submission, File.ReadAllText(Path.Combine(dir, "submission.csv")));

        // 3. Damage two stored results — one cut short, one with a digit changed — and run again: both are reported and fitted again.
        var files = Directory.GetFiles(results, "*.result").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ScaleOutReference.Units, files.Length);
        var cut = File.ReadAllText(files[0]);
        File.WriteAllText(files[0], cut[..(cut.Length / 2)]);
        var text = File.ReadAllText(files[1]);
        int digit = text.IndexOf("\"valid\":{\"rmse\":", StringComparison.Ordinal) + "\"valid\":{\"rmse\":".Length;
        File.WriteAllText(files[1], text[..digit] + (text[digit] == '9' ? '8' : (char)(text[digit] + 1)) + text[(digit + 1)..]);
        using (var third = DiveProcess.Start(command))
        {
            Assert.True(third.WaitForExit(Minutes2) == 0, third.Output + "\n" + third.Errors);
            Assert.Equal(2, third.Output.Split('\n').Count(l => l.Contains("is damaged (its content does not match its hash", StringComparison.Ordinal)));
            Assert.Equal((ScaleOutReference.Units, 2, ScaleOutReference.Units - 2), Units(third.Output));
            Assert.Contains("2 stored results were damaged and fitted again", third.Output);
        }
        ScaleOutReference.AssertSameReport(reference.Report, ScaleOutReference.Comparable(Path.Combine(dir, "cv-report.json")));
    }
}
