using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>What every section gets: the output, the quick flag (CI's small budget) and a scratch folder for files.</summary>
public sealed class SampleRun(TextWriter output, bool quick, string workDirectory)
{
    public TextWriter Out { get; } = output;

    /// <summary>--quick (or D2L_QUICK=1): fewer epochs and examples, so CI runs every section in seconds.</summary>
    public bool Quick { get; } = quick;

    /// <summary>Where sections write files (the book writes 'x-file', 'mlp.params' into the working folder).</summary>
    public string WorkDirectory { get; } = workDirectory;

    /// <summary>The book's number, or the quick one under --quick.</summary>
    public int Budget(int book, int quick) => Quick ? quick : book;

    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>Prints <c>name = value</c>, tensors in numpy's style as the book's outputs look.</summary>
    public void Show(string name, Tensor value) => Out.WriteLine($"{name} = {Format(value)}");

    public void Show(string name, object? value) => Out.WriteLine($"{name} = {Format(value)}");

    public static string Format(object? value) => value switch
    {
        Tensor t => t.ToString(TorchSharp.TensorStringStyle.Numpy, fltFormat: "0.####", cultureInfo: CultureInfo.InvariantCulture),
        float f => f.ToString("0.#####", CultureInfo.InvariantCulture),
        double d => d.ToString("0.#####", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object?>().Select(Format)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "None",
    };
}
