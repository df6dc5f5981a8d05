using System.Text.Json;
using DiveML.Tests.Support;

namespace DiveML.Tests.Extensions;

/// <summary>A preprocessing-only user does not pay for libtorch or ONNX Runtime (issue: the data layer stands alone).</summary>
public class DependencyTests
{
    [Theory]
    [InlineData("Extensions/DiveML.Extensions.Data/obj/project.assets.json")]
    [InlineData("Transforms/obj/project.assets.json")]
    public void The_data_and_transform_layers_pull_in_neither_TorchSharp_nor_ONNX_Runtime(string assets)
    {
        // project.assets.json is what 'dotnet restore' resolved: every package, transitive ones included.
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, assets)));
        var packages = document.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();
        Assert.Contains(packages, p => p == "Microsoft.ML");
        Assert.DoesNotContain(packages, p => p.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.OrdinalIgnoreCase)
            || p.StartsWith("DiveML.Trainers", StringComparison.OrdinalIgnoreCase));
    }
}
