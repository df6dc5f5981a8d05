namespace DiveML.Extensions.Data;

/// <summary>The column types the CSV loader produces; they mirror the pandas dtypes <c>read_csv</c> infers.</summary>
public enum CsvColumnKind
{
    /// <summary>pandas <c>int64</c>: every value is an integer and none is missing.</summary>
    Int64,
    /// <summary>pandas <c>float64</c>: every non-missing value is a number; missing values are NaN.</summary>
    Double,
    /// <summary>pandas <c>bool</c>: every value is True/False (any case as pandas accepts) and none is missing.</summary>
    Boolean,
    /// <summary>pandas <c>object</c>: at least one non-missing value is not a number; missing values are null.</summary>
    String,
}
