using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary><c>mlContext.Data</c> entry points for pandas-compatible CSV loading.</summary>
public static class CsvDataCatalogExtensions
{
    /// <summary>
    /// Loads a CSV file as <c>pandas.read_csv</c> would and returns it as an <see cref="IDataView"/>: integer columns
    /// are Int64, numeric columns with missing values Double with NaN, True/False columns Boolean, anything else Text
    /// (missing text reads as empty). For a <see cref="Microsoft.Data.Analysis.DataFrame"/> use
    /// <see cref="CsvDataFrameLoader.Load"/>; this view reads the same columns several times faster. See <see cref="CsvLoadOptions"/>.
    /// </summary>
    /// <param name="catalog">The data catalog (<c>mlContext.Data</c>).</param>
    /// <param name="path">The CSV file; its first non-blank line is the header.</param>
    /// <param name="options">Parsing options; null gives pandas' defaults.</param>
    public static IDataView LoadFromCsv(this DataOperationsCatalog catalog, string path, CsvLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return CsvDataFrameLoader.LoadTable(path, options).ToDataView();
    }
}
