using Microsoft.ML;

namespace DiveML.Extensions.Data;

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
