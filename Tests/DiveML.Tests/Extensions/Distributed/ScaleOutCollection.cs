using System.Text.Json.Nodes;
using DiveML.Tests.Samples;
using DiveML.Tests.Support;

namespace DiveML.Tests.Extensions.Distributed;

/// <summary>
/// The scale-out tests run as one collection, alone (they start silos, workers and redis-servers: run beside other
/// tests, they would fight for two cores and their timeouts would measure the machine). They share one in-process
/// reference run of the command they spread out.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutReference>
{
    public const string Name = "Scale-out";
}

/// <summary>
/// A small grid (an MLP and the linear model on diabetes, 3 folds: 6 units of 0.3–1 s) and its in-process report. The
/// units are long enough for the tests to kill a worker or a driver in the middle of one (60 epochs were once enough;
/// faster fits made the kills land after the units had finished).
/// </summary>
public sealed class ScaleOutReference
{
    /// <summary>The <c>dive kaggle</c> arguments every scale-out test runs, without --out and the scale-out options.</summary>
    public static string[] Command =>
    [
        "kaggle", "--train", RepoPaths.Sklearn("diabetes", "train.csv"), "--test", RepoPaths.Sklearn("diabetes", "test.csv"), "--label", "target",
        "--models", "mlp,linear", "--ensemble", "1", "--epochs", "200", "--batch-size", "16", "--folds", "3", "--seed", "3",
        // A fit repeats exactly on the same thread count (2 threads and 1 differ in the last bits here): every process
        // of these tests, the in-process reference included, uses one.
        "--torch-threads", "1",
    ];

    public const int Units = 6;

    private readonly Lazy<(JsonNode Report, string Submission)> _reference = new(() =>
    {
        var dir = TempDir("reference");
        int threads = TorchSharp.torch.get_num_threads();
        try
        {
            var (code, _, err) = CliTests.Run([.. Command, "--out", dir]);
            Assert.True(code == 0, err);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads); // the tests after these keep the process's default
        }
        return (Comparable(Path.Combine(dir, "cv-report.json")), File.ReadAllText(Path.Combine(dir, "submission.csv")));
    });

    /// <summary>The in-process cv-report.json without its timings.</summary>
    public JsonNode Report => _reference.Value.Report;

    /// <summary>The in-process submission.csv.</summary>
    public string Submission => _reference.Value.Submission;

    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"diveml-scale-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A cv-report.json with every "seconds" removed: timings differ between any two runs, every other number must not.</summary>
    public static JsonNode Comparable(string path) => WithoutSeconds(JsonNode.Parse(File.ReadAllText(path))!);

    public static JsonNode WithoutSeconds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("seconds");
                foreach (var (_, child) in o.ToArray()) if (child is not null) WithoutSeconds(child);
                break;
            case JsonArray a:
                foreach (var child in a) if (child is not null) WithoutSeconds(child);
                break;
        }
        return node;
    }

    /// <summary>Asserts two reports are equal in every number (timings aside), naming the first difference.</summary>
    public static void AssertSameReport(JsonNode expected, JsonNode actual)
    {
        Assert.True(JsonNode.DeepEquals(expected, actual), $"The reports differ.\nexpected: {Truncate(expected)}\nactual:   {Truncate(actual)}");
        static string Truncate(JsonNode n) { var s = n.ToJsonString(); return s.Length > 3000 ? s[..3000] + "…" : s; }
    }
}
