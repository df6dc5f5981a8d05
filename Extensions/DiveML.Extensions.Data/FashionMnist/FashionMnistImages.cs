using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary>Fashion-MNIST images and labels in memory, with their ML.NET view.</summary>
public sealed class FashionMnistImages
{
    internal FashionMnistImages(byte[] pixels, byte[] labels, int height, int width)
    {
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>The text labels in class-index order, as d2l's <c>get_fashion_mnist_labels</c>.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    /// <summary>All pixels, image after image, row-major, 0–255.</summary>
    public byte[] Pixels { get; }

    /// <summary>Class index (0–9) of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>Image height (28).</summary>
    public int Height { get; }

    /// <summary>Image width (28).</summary>
    public int Width { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The raw pixels of image <paramref name="index"/> (for plotting).</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * Height * Width, Height * Width);

    /// <summary>
    /// The images as an <see cref="IDataView"/>: <c>Features</c>, a vector of Height×Width floats (pixel / 255), and
    /// <c>Label</c>, a key whose key values are <see cref="ClassNames"/>.
    /// </summary>
    public DenseDataView ToDataView()
    {
        var features = new float[Pixels.Length];
        const float scale = 1f / 255f;
        for (int i = 0; i < features.Length; i++) features[i] = Pixels[i] * scale;
        var classes = Array.ConvertAll(Labels, b => (int)b);
        return DenseDataView.ForClassification(features, Height * Width, classes, ClassNames);
    }
}
