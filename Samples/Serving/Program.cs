// Serves a saved ML.NET model as JSON over HTTP:
//   dotnet run --project Samples/Serving -- --Model out/house-prices-mlp/model.zip --urls http://127.0.0.1:5000
//   POST /predict         one JSON object of input fields  -> one object of outputs (PredictedLabel, Score, ...)
//   POST /predict/batch   a JSON array of such objects     -> an array of outputs, in order
//   GET  /schema          the input fields (type, required) and the outputs
//   GET  /health          200 when the model is loaded
// Settings (command line --Name value, environment, or appsettings.json): Model (required), Outputs (comma-separated
// output columns; default the prediction columns), MaxBatchRows (default 10000).
using System.Buffers;
using System.Text.Json;
using DiveML.Serving;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(services =>
{
    var configuration = services.GetRequiredService<IConfiguration>();
    return ServedModel.Load(configuration["Model"], configuration["Outputs"], configuration.GetValue("MaxBatchRows", 10_000));
});
builder.Services.AddHealthChecks();
var app = builder.Build();
var model = app.Services.GetRequiredService<ServedModel>(); // load at start-up: a bad model stops the server here

// Input errors become 400 with the message, the field and the batch row (RFC 7807 problem details).
app.Use(async (context, next) =>
{
    try
    {
        await next(context);
    }
    catch (InputError e) when (!context.Response.HasStarted)
    {
        await Results.Problem(title: "Invalid input", detail: e.Message, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = e.Field, ["row"] = e.Row }).ExecuteAsync(context);
    }
});

app.MapHealthChecks("/health");

app.MapGet("/schema", () => Results.Json(new
{
    model = Path.GetFileName(model.Path),
    inputs = model.Inputs.Select(f => new { name = f.Name, type = f.Type.ToString(), required = f.Required, expected = f.Expected }),
    outputs = model.Outputs.Select(c => new { name = c.Name, type = c.Type.ToString() }),
}));

app.MapPost("/predict", async (HttpRequest request) =>
{
    using var body = await ReadJson(request);
    var row = model.ReadRow(body.RootElement);
    return Json(writer => model.Predict([row], writer, asArray: false));
});

app.MapPost("/predict/batch", async (HttpRequest request) =>
{
    using var body = await ReadJson(request);
    var root = body.RootElement;
    if (root.ValueKind != JsonValueKind.Array) throw new InputError("A batch must be a JSON array of row objects.");
    int count = root.GetArrayLength();
    if (count > model.MaxBatchRows) throw new InputError($"A batch holds at most {model.MaxBatchRows} rows; this one has {count}.");
    var rows = new List<object[]>(count);
    int index = 0;
    foreach (var element in root.EnumerateArray())
    {
        try
        {
            rows.Add(model.ReadRow(element));
        }
        catch (InputError e)
        {
            throw e.InRow(index);
        }
        index++;
    }
    return Json(writer => model.Predict(rows, writer, asArray: true));
});

app.Run();

static async Task<JsonDocument> ReadJson(HttpRequest request)
{
    try
    {
        return await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
    }
    catch (JsonException e)
    {
        throw new InputError($"The request body is not valid JSON: {e.Message}");
    }
}

static IResult Json(Action<Utf8JsonWriter> write)
{
    var buffer = new ArrayBufferWriter<byte>();
    using (var writer = new Utf8JsonWriter(buffer)) write(writer);
    return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
