using DiveML.Extensions.Data;
using DiveML.Extensions.IO;
using DiveML.Transforms;
using Microsoft.ML;

var ml = DiveTempFolder.CreateContext(seed: 0);              // or DiveTempFolder.Use(existingContext)
var data = ml.Data.LoadFromCsv("data/house-prices/train.csv");
var fill = ml.Transforms.FillNaMean().Fit(data);
DiveModelFile.Save(ml, fill, data.Schema, "fill.zip", DiveModelMetadata.Create("my app", new Note("train.csv's means")));
var model = DiveModelFile.Load(ml, "fill.zip", out var inputSchema, out var metadata,
    new DiveModelLoadOptions { RequiredKind = "my app", UsedBy = "this example" });
Console.WriteLine($"made by {metadata!.Kind}: {metadata.Read<Note>().Text}; it reads {inputSchema.Count} columns");

record Note(string Text);
