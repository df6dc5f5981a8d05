using System.Collections.Frozen;

namespace DiveML.Extensions.Data;

/// <summary>The tokens pandas 1.5.3 <c>read_csv</c> treats as missing by default.</summary>
public static class PandasNaValues
{
    /// <summary>
    /// pandas 1.5.3's <c>STR_NA_VALUES</c>. Note that <c>"None"</c> is not in it (pandas 2.0 added it): in 1.5.3 the
    /// Kaggle value <c>MasVnrType = None</c> is an ordinary category.
    /// </summary>
    public static IReadOnlySet<string> Default { get; } = new[]
    {
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "n/a", "nan", "null",
    }.ToFrozenSet(StringComparer.Ordinal);
}
