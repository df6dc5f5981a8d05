using Microsoft.ML;

namespace DiveML.Trainers;

/// <summary>Saving models without leaving a partial file behind.</summary>
public static class DiveModelFile
{
    /// <summary>
    /// Saves <paramref name="model"/> like <c>mlContext.Model.Save</c>, but writes the zip in memory first: when any
    /// transformer refuses to be saved (e.g. a network with a layer ONNX export does not cover), no file is created or
    /// overwritten. ML.NET's own path overload creates the file before the transformers write into it.
    /// </summary>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        using var buffer = new MemoryStream();
        mlContext.Model.Save(model, inputSchema, buffer);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temp, buffer.ToArray());
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
