extern alias Serving;

using System.Net;
using System.Text;
using System.Text.Json;
using DiveML.Extensions.Kaggle;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Deployment;

/// <summary>
/// The serving sample (Samples/Serving) against models trained here: a Kaggle house-prices pipeline whose input is the
/// raw 80-column CSV row, and a multiclass network with text classes. Predictions over HTTP must equal the fitted
/// pipeline's to the bit.
/// </summary>
public sealed class ServingTests : IClassFixture<ServingTests.Models>
{
    private readonly Models _models;

    public ServingTests(Models models) => _models = models;

    /// <summary>Trains and saves the models once for all the tests of this class.</summary>
    public sealed class Models : IDisposable
    {
        public Models()
        {
            var ml = new MLContext(0);
            Directory = System.IO.Directory.CreateTempSubdirectory("diveml-serving-").FullName;

            var house = TabularData.Load(RepoPaths.HousePrices("train.csv"), RepoPaths.HousePrices("test.csv"), "SalePrice", "Id", TabularTask.Regression);
            var trainer = ml.Regression.Trainers.TorchMlp(new MlpOptions
            {
                Seed = 1, HiddenLayers = [32], Epochs = 3, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, OutputBiasFromLabelMean = true, EnsembleSize = 2,
            });
            HouseModel = TabularPipeline.Build(ml, house, trainer, logTarget: true)
                .Fit(TabularPipeline.PrepareLabels(ml, house, logTarget: true).Transform(house.Train));
            HouseTest = house.Test!;
            HousePath = Path.Combine(Directory, "house.zip");
            ml.Model.Save(HouseModel, HouseTest.Schema, HousePath);

            // Text classes; the label is keyed beforehand (as TabularPipeline.PrepareLabels does), so requests need no label.
            var blobs = Blobs.Make(40, seed: 1);
            AnimalData = ml.Transforms.Conversion.MapKeyToValue("Animal", "Label").Append(ml.Transforms.DropColumns("Label")).Fit(blobs).Transform(blobs);
            var prepared = ml.Transforms.Conversion.MapValueToKey("Label", "Animal").Fit(AnimalData).Transform(AnimalData);
            AnimalModel = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Seed = 1, HiddenLayers = [8], Epochs = 5 }).Fit(prepared);
            AnimalPath = Path.Combine(Directory, "animals.zip");
            ml.Model.Save(AnimalModel, AnimalData.Schema, AnimalPath);
        }

        public string Directory { get; }
        public ITransformer HouseModel { get; }
        public IDataView HouseTest { get; }
        public string HousePath { get; }
        public ITransformer AnimalModel { get; }
        public IDataView AnimalData { get; }
        public string AnimalPath { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    // The content root is given explicitly: the factory otherwise looks for its manifest relative to the current
    // directory, which other tests running in parallel change (CliTests).
    private static WebApplicationFactory<Serving::Program> Server(string model)
        => new WebApplicationFactory<Serving::Program>().WithWebHostBuilder(b => b
            .UseContentRoot(Path.Combine(RepoPaths.Root, "Samples", "Serving"))
            .UseSetting("Model", model));

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Single_and_batch_predictions_of_a_raw_80_column_house_prices_row_equal_the_fitted_pipeline()
    {
        var rows = JsonRows.From(_models.HouseTest, 200);
        var scored = _models.HouseModel.Transform(_models.HouseTest);
        var prediction = scored.GetColumn<float>(TabularColumns.Default.Prediction).Take(rows.Count).ToArray();
        var score = scored.GetColumn<float>("Score").Take(rows.Count).ToArray();

        using var server = Server(_models.HousePath);
        using var client = server.CreateClient();

        var single = await client.PostAsync("/predict", Body(rows[0]));
        string singleText = await single.Content.ReadAsStringAsync();
        Assert.True(single.StatusCode == HttpStatusCode.OK, singleText);
        var one = Parse(singleText);
        Assert.Equal(prediction[0], one.GetProperty("Prediction").GetSingle());
        Assert.Equal(score[0], one.GetProperty("Score").GetSingle());

        var batch = await client.PostAsync("/predict/batch", Body("[" + string.Join(',', rows) + "]"));
        string batchText = await batch.Content.ReadAsStringAsync();
        Assert.True(batch.StatusCode == HttpStatusCode.OK, batchText);
        var many = Parse(batchText).EnumerateArray().ToArray();
        Assert.Equal(rows.Count, many.Length);
        Assert.Equal(prediction, many.Select(p => p.GetProperty("Prediction").GetSingle()));
        Assert.Equal(score, many.Select(p => p.GetProperty("Score").GetSingle()));
    }

    [Fact]
    public async Task Fifty_concurrent_requests_all_get_their_own_rows_prediction()
    {
        var rows = JsonRows.From(_models.HouseTest, 50);
        var prediction = _models.HouseModel.Transform(_models.HouseTest).GetColumn<float>(TabularColumns.Default.Prediction).Take(50).ToArray();
        using var server = Server(_models.HousePath);
        using var client = server.CreateClient();

        var responses = await Task.WhenAll(rows.Select(async row =>
        {
            var response = await client.PostAsync("/predict", Body(row));
            return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(prediction, responses.Select(r => Parse(r.Text).GetProperty("Prediction").GetSingle()));
    }

    [Fact]
    public async Task A_multiclass_model_returns_the_class_and_the_probabilities()
    {
        var rows = JsonRows.From(_models.AnimalData, 30, exclude: ["Animal"]);
        var scored = _models.AnimalModel.Transform(_models.AnimalData);
        var scores = scored.GetColumn<float[]>("Score").Take(30).ToArray();
        var classes = _models.AnimalModel.Append(new MLContext(0).Transforms.Conversion.MapKeyToValue("Class", "PredictedLabel").Fit(scored))
            .Transform(_models.AnimalData).GetColumn<string>("Class").Take(30).ToArray();

        using var server = Server(_models.AnimalPath);
        using var client = server.CreateClient();
        var batch = await client.PostAsync("/predict/batch", Body("[" + string.Join(',', rows) + "]"));
        string text = await batch.Content.ReadAsStringAsync();
        Assert.True(batch.StatusCode == HttpStatusCode.OK, text);
        var many = Parse(text).EnumerateArray().ToArray();
        Assert.Equal(classes, many.Select(p => p.GetProperty("PredictedLabel").GetString()));
        for (int i = 0; i < many.Length; i++)
            Assert.Equal(scores[i], many[i].GetProperty("Score").EnumerateArray().Select(s => s.GetSingle()));
        Assert.Contains("class1", classes);
    }

    [Theory]
    [InlineData("LotArea", "\"big\"", "must be a finite number")]
    [InlineData("LotArea", "1e999", "not a finite number")]
    [InlineData("Street", "42", "must be a string")]
    [InlineData("LotArea", null, "is missing")]
    [InlineData("LotAreaTypo", "1", "is not an input of this model")]
    public async Task A_bad_field_is_a_400_naming_it(string field, string? json, string reason)
    {
        var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonRows.From(_models.HouseTest, 1)[0])!;
        if (json is null) row.Remove(field);
        else row[field] = Parse(json);
        using var server = Server(_models.HousePath);
        using var client = server.CreateClient();

        var response = await client.PostAsync("/predict", Body(JsonSerializer.Serialize(row)));
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Parse(text);
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());

        // In a batch, the row is named too.
        var batch = await client.PostAsync("/predict/batch", Body($"[{JsonRows.From(_models.HouseTest, 1)[0]},{JsonSerializer.Serialize(row)}]"));
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        var batchProblem = Parse(await batch.Content.ReadAsStringAsync());
        Assert.StartsWith("Row 1: ", batchProblem.GetProperty("detail").GetString());
        Assert.Equal(1, batchProblem.GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task An_input_schema_with_hidden_columns_still_maps_each_field_to_its_column()
    {
        // Saved with the schema of a view that replaced Features in place: the input schema holds a hidden Features too.
        var ml = new MLContext(0);
        var replaced = ml.Transforms.CopyColumns("Features", "Features").Fit(_models.AnimalData).Transform(_models.AnimalData);
        Assert.Contains(replaced.Schema, c => c.IsHidden);
        var path = Path.Combine(_models.Directory, "animals-hidden.zip");
        ml.Model.Save(_models.AnimalModel, replaced.Schema, path);
        var rows = JsonRows.From(_models.AnimalData, 10, exclude: ["Animal"]);
        var scores = _models.AnimalModel.Transform(_models.AnimalData).GetColumn<float[]>("Score").Take(10).ToArray();

        using var server = Server(path);
        using var client = server.CreateClient();
        var response = await client.PostAsync("/predict/batch", Body("[" + string.Join(',', rows) + "]"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var many = Parse(text).EnumerateArray().ToArray();
        for (int i = 0; i < many.Length; i++)
            Assert.Equal(scores[i], many[i].GetProperty("Score").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Theory]
    [InlineData("[1e300, 0, 0, 0]", "Features[0]", "not a finite Single")]
    [InlineData("[0, 0, null, \"x\"]", "Features[3]", "must be a finite number")]
    [InlineData("[0, 0, 0]", "Features", "must have 4 values")]
    public async Task A_bad_vector_is_a_400_naming_the_field_and_item(string features, string field, string reason)
    {
        using var server = Server(_models.AnimalPath);
        using var client = server.CreateClient();
        var response = await client.PostAsync("/predict", Body($"{{\"Features\": {features}}}"));
        var problem = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400()
    {
        using var server = Server(_models.HousePath);
        using var client = server.CreateClient();
        var response = await client.PostAsync("/predict", Body("{\"LotArea\": "));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_200_and_the_schema_lists_the_inputs()
    {
        using var server = Server(_models.HousePath);
        using var client = server.CreateClient();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var schema = Parse(await client.GetStringAsync("/schema"));
        var inputs = schema.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(80, inputs.Count); // 79 features + Id
        Assert.True(inputs["LotArea"].GetProperty("required").GetBoolean());
        Assert.False(inputs["Id"].GetProperty("required").GetBoolean()); // the pipeline never reads the id
        Assert.Equal(["Score", "Prediction"], schema.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public void The_server_is_built_without_DiveML_libraries_or_TorchSharp()
    {
        // .../Tests/DiveML.Tests/bin/<Configuration>/net10.0/ → the same configuration of Samples/Serving.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var deps = File.ReadAllText(Path.Combine(RepoPaths.Root, "Samples", "Serving", "bin", framework.Parent!.Name, framework.Name, "DiveML.Serving.deps.json"));
        Assert.Contains("Microsoft.ML.OnnxTransformer", deps);
        foreach (var library in new[] { "TorchSharp", "DiveML.Trainers", "DiveML.Transforms", "DiveML.Extensions" })
            Assert.DoesNotContain(library, deps);
    }

    [Fact]
    public void The_server_does_not_start_without_a_model_file()
    {
        using var server = Server(Path.Combine(_models.Directory, "missing.zip"));
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains("missing.zip", e.ToString());
    }
}

/// <summary>Rows of a view as JSON objects, field per column: numbers (NaN as null), text, booleans, vectors as arrays.</summary>
internal static class JsonRows
{
    public static List<string> From(IDataView view, int count, string[]? exclude = null)
    {
        var columns = view.Schema.Where(c => !c.IsHidden && !(exclude ?? []).Contains(c.Name)
            && (c.Type is VectorDataViewType v ? v.ItemType : c.Type) is not KeyDataViewType).ToArray();
        var rows = new List<string>();
        using var cursor = view.GetRowCursor(columns);
        var writers = columns.Select(c => (c.Name, Write: Writer(cursor, c))).ToArray();
        while (rows.Count < count && cursor.MoveNext())
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach (var (name, write) in writers)
                {
                    json.WritePropertyName(name);
                    write(json);
                }
                json.WriteEndObject();
            }
            rows.Add(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        return rows;
    }

    private static Action<Utf8JsonWriter> Writer(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var itemType = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
        var method = typeof(JsonRows).GetMethod(column.Type is VectorDataViewType ? nameof(VectorWriter) : nameof(ScalarWriter),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return (Action<Utf8JsonWriter>)method.MakeGenericMethod(itemType.RawType).Invoke(null, [cursor, column])!;
    }

    private static Action<Utf8JsonWriter> ScalarWriter<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return json => { getter(ref value); Value(json, value); };
    }

    private static Action<Utf8JsonWriter> VectorWriter<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return json =>
        {
            getter(ref value);
            json.WriteStartArray();
            foreach (var item in value.DenseValues()) Value(json, item);
            json.WriteEndArray();
        };
    }

    private static void Value<T>(Utf8JsonWriter json, T value)
    {
        switch (value)
        {
            case double d when double.IsNaN(d): json.WriteNullValue(); break;
            case double d: json.WriteNumberValue(d); break;
            case float f when float.IsNaN(f): json.WriteNullValue(); break;
            case float f: json.WriteNumberValue(f); break;
            case bool b: json.WriteBooleanValue(b); break;
            case ReadOnlyMemory<char> t: json.WriteStringValue(t.Span); break;
            default: throw new NotSupportedException(typeof(T).Name);
        }
    }
}
