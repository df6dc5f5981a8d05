using DiveML.Tests.Extensions.Distributed;
using DiveML.Tests.Support;

namespace DiveML.Tests.Samples;

/// <summary>The scale-out options' mistakes are refused before anything trains; a run without them never loads Orleans.</summary>
public class ScaleOutOptionsTests
{
    [Fact]
    public void Fresh_without_workers_or_a_cluster_is_a_usage_error()
    {
        var (code, _, err) = CliTests.Run([.. ScaleOutReference.Command, "--fresh", "--out", ScaleOutReference.TempDir("fresh")]);
        Assert.Equal(2, code);
        Assert.Contains("--fresh applies with --workers or --cluster", err);
    }

    [Theory]
    [InlineData("localhost:6379", "is not a Redis address")]
    [InlineData("redis://", "has no host name")]
    [InlineData("redis://host:99999", "has no valid port")]
    public void A_cluster_address_that_is_not_redis_host_port_is_named(string address, string message)
    {
        var (code, stdout, err) = CliTests.Run([.. ScaleOutReference.Command, "--cluster", address, "--out", ScaleOutReference.TempDir("cluster")]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("fold", stdout);
    }

    [Theory]
    [InlineData("--workers", "2")]
    [InlineData("--cluster", "redis://h:1")]
    public void Folds_at_once_are_for_a_run_in_this_process(string option, string value)
    {
        var (code, stdout, err) = CliTests.Run([.. ScaleOutReference.Command, "--parallel-folds", "2", option, value, "--out", ScaleOutReference.TempDir("parallel")]);
        Assert.Equal(2, code);
        Assert.Contains("--parallel-folds applies to a run in this process", err);
        Assert.Equal("", stdout);
        Assert.Equal(2, CliTests.Run([.. ScaleOutReference.Command, "--parallel-folds", "0", "--out", ScaleOutReference.TempDir("parallel0")]).Code);
    }

    [Fact]
    public void Fold_models_cannot_come_back_from_workers()
    {
        var (code, stdout, err) = CliTests.Run([.. ScaleOutReference.Command, "--workers", "2", "--fold-average", "--out", ScaleOutReference.TempDir("average")]);
        Assert.Equal(2, code);
        Assert.Contains("--fold-average needs the fold models", err);
        Assert.DoesNotContain("fits", stdout);
    }

    [Fact]
    public void A_worker_needs_a_cluster()
    {
        var (code, _, err) = CliTests.Run("worker");
        Assert.Equal(2, code);
        Assert.Contains("--cluster is required", err);
        Assert.Equal(2, CliTests.Run("worker", "--cluster", "redis://h:1", "--lease", "0").Code);
    }

    [Fact]
    public void A_run_in_this_process_never_loads_orleans()
    {
        var dir = ScaleOutReference.TempDir("no-orleans");
        var list = Path.Combine(dir, "assemblies.txt");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [DiveApp.Dll, "kaggle",
            "--train", RepoPaths.Sklearn("diabetes", "train.csv"), "--test", RepoPaths.Sklearn("diabetes", "test.csv"), "--label", "target", "--folds", "2", "--epochs", "2", "--out", dir])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root, Environment = { ["DIVE_LOADED_ASSEMBLIES"] = list },
        };
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }
        var loaded = File.ReadAllLines(list);
        Assert.Contains("DiveML.Extensions", loaded); // the list is real
        Assert.DoesNotContain(loaded, name => name.StartsWith("Orleans", StringComparison.Ordinal) || name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
            || name == "DiveML.Extensions.Distributed" || name == "StackExchange.Redis");
    }
}
