using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary><c>mlContext.Data</c> entry point for synthetic data.</summary>
public static class SyntheticDataCatalogExtensions
{
    /// <summary>d2l's <c>synthetic_data</c>; see <see cref="SyntheticData.Linear"/>.</summary>
    public static IDataView LoadSyntheticLinear(this DataOperationsCatalog catalog, IReadOnlyList<float> w, float b, int n, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return SyntheticData.Linear(w, b, n, seed);
    }
}
