using System.IO.Compression;
using System.Text;
using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Tests.Trainers;
using DiveML.Trainers;
using DiveML.Transforms;
using Microsoft.ML;

namespace DiveML.Tests.Deployment;

/// <summary>
/// A cheap guard for issue 16: a saved DiveML model holds no CustomMapping and names no DiveML assembly, so an app
/// without DiveML can load it. ML.NET writes each transformer's loader signature and assembly name into the zip.
/// </summary>
public class SavedModelContentsTests
{
    private static readonly string[] Forbidden = ["CustomTransformer", "CustomMapping", "DiveML.Trainers", "DiveML.Transforms", "DiveML.Extensions"];

    /// <summary>The forbidden names found in any entry of the zip, as UTF-8 or UTF-16 text.</summary>
    private static string[] ForbiddenNames(MLContext ml, ITransformer model, Microsoft.ML.DataViewSchema schema)
    {
        using var buffer = new MemoryStream();
        ml.Model.Save(model, schema, buffer);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        var found = new HashSet<string>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            var data = bytes.ToArray();
            foreach (var name in Forbidden)
                if (Contains(data, Encoding.UTF8.GetBytes(name)) || Contains(data, Encoding.Unicode.GetBytes(name)))
                    found.Add($"{name} in {entry.FullName}");
        }
        return found.ToArray();
    }

    private static bool Contains(byte[] data, byte[] pattern) => data.AsSpan().IndexOf(pattern) >= 0;

    [Fact]
    public void Saved_trainer_and_preprocessing_models_contain_no_CustomMapping_and_name_no_DiveML_assembly()
    {
        var ml = new MLContext(0);
        var linear = SyntheticData.Linear([2f, -3.4f], 4.2f, 50, seed: 3);
        var blobs = Blobs.Make(20, seed: 1);
        var twoBlobs = BinaryTests.TwoBlobs(ml, 20, seed: 1);
        var tiny = ml.Data.LoadFromCsv(RepoPaths.Oracle("a_d2l_house_tiny", "house_tiny.csv"));
        var models = new (string Name, ITransformer Model, Microsoft.ML.DataViewSchema Schema)[]
        {
            ("regression", ml.Regression.Trainers.TorchLinear(seed: 1).Fit(linear), linear.Schema),
            ("multiclass", ml.MulticlassClassification.Trainers.TorchSoftmax(seed: 1).Fit(blobs), blobs.Schema),
            ("binary", ml.BinaryClassification.Trainers.TorchLogistic(seed: 1).Fit(twoBlobs), twoBlobs.Schema),
            ("preprocessing", ml.Transforms.FillNaMean().Append(ml.Transforms.GetDummies()).Append(ml.Transforms.Standardize()).Fit(tiny), tiny.Schema),
        };
        foreach (var (name, model, schema) in models)
            Assert.True(ForbiddenNames(ml, model, schema).Length == 0, $"{name}: {string.Join(", ", ForbiddenNames(ml, model, schema))}");
    }

    [Fact]
    public void The_check_finds_a_CustomMapping()
    {
        var ml = new MLContext(0);
        var data = SyntheticData.Linear([1f], 0f, 10, seed: 1);
        var model = ml.Transforms.CustomMapping<ControlIn, ControlOut>(ControlMapping.Map, ControlMapping.ContractName).Fit(data);
        Assert.NotEmpty(ForbiddenNames(ml, model, data.Schema));
    }
}
