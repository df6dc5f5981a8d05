using System.Text.Json;

namespace DiveML.Tests.Samples;

public class EnvCommandTests
{
    [Fact]
    public void Env_says_which_flavour_and_libtorch_and_whether_CUDA_is_there()
    {
        var (code, stdout, stderr) = CliTests.Run("env");
        Assert.True(code == 0, stderr);
        Assert.Contains("built with TorchBackend=", stdout);
        Assert.Contains("libtorch:", stdout);
        Assert.Contains("CUDA available:", stdout);
        Assert.Contains("--device auto:", stdout);
    }

    [Fact]
    public void Env_as_JSON_reports_the_loaded_libtorch()
    {
        var (code, stdout, stderr) = CliTests.Run("env", "--json");
        Assert.True(code == 0, stderr);
        var torch = JsonDocument.Parse(stdout).RootElement.GetProperty("torch");
        Assert.Contains(torch.GetProperty("backend").GetString(), new[] { "cpu", "external", "cuda" });
        Assert.Equal(JsonValueKind.Null, torch.GetProperty("loadError").ValueKind);
        Assert.StartsWith("2.10", torch.GetProperty("libTorchVersion").GetString());
        Assert.True(torch.GetProperty("intraOpThreads").GetInt32() >= 1);
    }

    [Fact]
    public void Bench_train_takes_a_device()
    {
        var (code, stdout, _) = CliTests.Run("bench", "train", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--device", stdout);
        var (bad, _, error) = CliTests.Run("bench", "train", "--device", "tpu");
        Assert.Equal(2, bad);
        Assert.Contains("--device", error);
    }
}
