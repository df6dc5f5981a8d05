using Microsoft.ML;

namespace DiveML.Extensions.IO;

/// <summary>Saving ML.NET models without leaving a partial file behind.</summary>
public static class DiveModelFile
{
    /// <summary>
    /// Saves <paramref name="model"/> like <c>mlContext.Model.Save</c>, but writes the zip in memory first and then
    /// atomically (<see cref="AtomicFile"/>): when any transformer refuses to be saved (e.g. a network with a layer ONNX
    /// export does not cover), no file is created or overwritten. ML.NET's own path overload creates the file before the
    /// transformers write into it.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted model.</param>
    /// <param name="inputSchema">The schema of the data the model reads.</param>
    /// <param name="path">The zip file to create or replace.</param>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        using var buffer = new MemoryStream();
        mlContext.Model.Save(model, inputSchema, buffer);
        AtomicFile.WriteStream(path, stream => { buffer.Position = 0; buffer.CopyTo(stream); return 0; });
    }
}
