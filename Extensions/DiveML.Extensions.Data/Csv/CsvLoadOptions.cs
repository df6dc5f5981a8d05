namespace DiveML.Extensions.Data;

/// <summary>
/// Options of <see cref="CsvDataFrameLoader"/>. The defaults reproduce <c>pandas.read_csv(path)</c> (pandas 1.5.3).
/// </summary>
public sealed class CsvLoadOptions
{
    /// <summary>Field separator. Default <c>','</c>.</summary>
    public char Separator { get; set; } = ',';

    /// <summary>
    /// Tokens read as missing, matched exactly and case-sensitively with no trimming (as pandas). Default:
    /// <see cref="PandasNaValues.Default"/> (the empty field, <c>NA</c>, <c>NaN</c>, <c>NULL</c>, <c>N/A</c>, …).
    /// Pass an empty set to treat every token as a value.
    /// </summary>
    public IReadOnlySet<string> NaValues { get; set; } = PandasNaValues.Default;

    /// <summary>
    /// Forces the type of named columns instead of inferring it from all rows. A value that cannot be read as the forced
    /// type is an error naming the file, line and column. Default: none forced.
    /// </summary>
    public IReadOnlyDictionary<string, CsvColumnKind> ColumnTypes { get; set; } = new Dictionary<string, CsvColumnKind>();

    /// <summary>
    /// Where <see cref="ColumnTypes"/> come from, in the user's terms (e.g. <c>the training file train.csv</c>), or null.
    /// When set, a value that does not fit its forced type is explained by it ("… but column 'x' holds numbers in the
    /// training file train.csv") instead of by the loader's options, which a user of an application never sees.
    /// Default null.
    /// </summary>
    public string? ColumnTypesSource { get; set; }

    /// <summary>
    /// Columns of <see cref="ColumnTypes"/> that have no value at all in <see cref="ColumnTypesSource"/>: their type there
    /// is pandas' choice for an empty column (numbers), so a value that does not fit is explained as such rather than
    /// as a contradiction of values the user never wrote. Default: none.
    /// </summary>
    public IReadOnlySet<string> EmptyInSource { get; set; } = new HashSet<string>();

    /// <summary>
    /// When true, a file with a header but no data rows is an error naming the file (a training file needs rows).
    /// Default false: as pandas, such a file loads as zero rows whose columns are all <see cref="CsvColumnKind.String"/>
    /// (pandas' <c>object</c>) unless forced.
    /// </summary>
    public bool RequireDataRows { get; set; }
}
