using Microsoft.ML;

namespace DiveML.Extensions.Data;

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
        if (imageDims[1] == 0 || imageDims[2] == 0)
            throw new InvalidDataException($"{images}: the IDX header announces images of {imageDims[1]}×{imageDims[2]} pixels; Fashion-MNIST images are 28×28. The file is corrupted: re-install it.");
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
