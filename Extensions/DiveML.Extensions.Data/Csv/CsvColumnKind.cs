namespace DiveML.Extensions.Data;

/// <summary>The column types the CSV loader produces; they mirror the pandas dtypes <c>read_csv</c> infers.</summary>
public enum CsvColumnKind
{
    /// <summary>pandas <c>int64</c>: every value is an integer and none is missing.</summary>
    Int64,
    /// <summary>pandas <c>float64</c>: every non-missing value is a number; missing values are NaN.</summary>
    Double,
    /// <summary>
    /// pandas <c>bool</c>: every value is True/False (any case as pandas accepts) and none is missing. A column
    /// <em>forced</em> to Boolean (<see cref="CsvLoadOptions.ColumnTypes"/>, e.g. a test file read with the training
    /// file's types) that has missing values is read as <see cref="Double"/> instead: 1 for True, 0 for False, NaN where
    /// missing, because an ML.NET Boolean cannot hold a missing value (pandas itself gives such a column the object
    /// dtype holding True, False and NaN). Check <see cref="CsvTable.Kinds"/>; ML.NET's <c>ConvertType</c> to a number
    /// accepts both.
    /// </summary>
    Boolean,
    /// <summary>pandas <c>object</c>: at least one non-missing value is not a number; missing values are null.</summary>
    String,
}
