using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary>Which half of Fashion-MNIST to read.</summary>
public enum FashionMnistSplit
{
    /// <summary>The 60,000 training images (<c>train-*-ubyte</c>).</summary>
    Train,
    /// <summary>The 10,000 test images (<c>t10k-*-ubyte</c>).</summary>
    Test,
}

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

/// <summary>Reads the real Fashion-MNIST IDX files (gzipped or not).</summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Loads one split from <paramref name="directory"/> (default <see cref="DefaultDirectory"/>).</summary>
    /// <exception cref="FileNotFoundException">The files are missing; the message says how to install them.</exception>
    /// <exception cref="InvalidDataException">A file is corrupted, truncated or inconsistent with its partner.</exception>
    public static FashionMnistImages Load(FashionMnistSplit split, string? directory = null)
    {
        directory ??= DefaultDirectory;
        string prefix = split == FashionMnistSplit.Train ? "train" : "t10k";
        string images = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labels = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var (imageDims, pixels) = IdxFile.ReadUnsignedBytes(images, 3);
        var (labelDims, classes) = IdxFile.ReadUnsignedBytes(labels, 1);
        if (imageDims[0] != labelDims[0])
            throw new InvalidDataException($"{images} holds {imageDims[0]} images but {labels} holds {labelDims[0]} labels; the files do not belong together.");
        for (int i = 0; i < classes.Length; i++)
            if (classes[i] > 9)
                throw new InvalidDataException($"{labels}: label {classes[i]} at index {i} is outside 0–9; the file is corrupted.");
        return new FashionMnistImages(pixels, classes, imageDims[1], imageDims[2]);
    }

    private static string Find(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"Fashion-MNIST file '{name}[.gz]' was not found in '{directory}'. On Debian/Ubuntu install it with " +
            "'sudo apt-get install dataset-fashion-mnist' (or run scripts/setup.sh), or pass the folder that holds the IDX files " +
            "(the --data-dir option of the dive CLI, the directory argument in code).", Path.Combine(directory, name + ".gz"));
    }
}

/// <summary><c>mlContext.Data</c> entry point for Fashion-MNIST.</summary>
public static class FashionMnistCatalogExtensions
{
    /// <summary>Loads a Fashion-MNIST split as an <see cref="IDataView"/> (see <see cref="FashionMnistImages.ToDataView"/>).</summary>
    public static IDataView LoadFashionMnist(this DataOperationsCatalog catalog, FashionMnistSplit split, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return FashionMnist.Load(split, directory).ToDataView();
    }
}
