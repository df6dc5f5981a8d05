using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Preprocessing;

/// <summary>
/// The d2l/Kaggle preprocessing of a whole table, planned from its schema: <c>df.fillna(df.mean(numeric_only=True))</c>
/// then <c>pd.get_dummies(df, dummy_na=True)</c>, with some columns (ids, labels) excluded and kept in front.
/// </summary>
public sealed class PandasPreprocessing
{
    private PandasPreprocessing(IReadOnlyList<string> excluded, IReadOnlyList<string> passThrough, IReadOnlyList<string> filled, IReadOnlyList<string> encoded)
    {
        Excluded = excluded;
        PassThrough = passThrough;
        Filled = filled;
        Encoded = encoded;
    }

    /// <summary>Columns copied through unchanged, in front of the output, in input order.</summary>
    public IReadOnlyList<string> Excluded { get; }

    /// <summary>Non-text columns that are not excluded, in input order (the first block of pandas' get_dummies output).</summary>
    public IReadOnlyList<string> PassThrough { get; }

    /// <summary>
    /// The numeric columns among <see cref="PassThrough"/>: FillNaMean learns their means (pandas'
    /// <c>mean(numeric_only=True)</c>) and fills them — integer columns included, so a new file in which such a column
    /// has missing values (pandas reads it as float64) is filled with the training mean.
    /// </summary>
    public IReadOnlyList<string> Filled { get; }

    /// <summary>Text columns that are not excluded, in input order: GetDummies encodes them.</summary>
    public IReadOnlyList<string> Encoded { get; }

    /// <summary>Output columns in pandas' order: excluded, then pass-through, then each encoded column's dummies.</summary>
    public IReadOnlyList<string> OutputColumns => [.. Excluded, .. PassThrough, .. Encoded];

    /// <summary>Plans the preprocessing of a table with <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentException">An excluded column does not exist, or a column has a type pandas would not produce.</exception>
    public static PandasPreprocessing Plan(DataViewSchema schema, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var excludedSet = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        foreach (var name in excludedSet)
            if (schema.GetColumnOrNull(name) is null)
                throw new ArgumentException($"Excluded column '{name}' is not in the data. Its columns are: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");
        var excluded = new List<string>();
        var passThrough = new List<string>();
        var filled = new List<string>();
        var encoded = new List<string>();
        foreach (var column in schema.Where(c => !c.IsHidden))
        {
            if (excludedSet.Contains(column.Name)) { excluded.Add(column.Name); continue; }
            var type = column.Type;
            if (type is TextDataViewType) encoded.Add(column.Name);
            else if (type is NumberDataViewType) { passThrough.Add(column.Name); filled.Add(column.Name); }
            else if (type == BooleanDataViewType.Instance) passThrough.Add(column.Name);
            else throw new ArgumentException($"Column '{column.Name}' has type {type}, which pandas-style preprocessing does not handle. Exclude it (--exclude) or drop it.");
        }
        return new PandasPreprocessing(excluded, passThrough, filled, encoded);
    }

    /// <summary>The estimator: FillNaMean on <see cref="Filled"/> then GetDummies (DummyNa) on <see cref="Encoded"/>.</summary>
    public EstimatorChain<GetDummiesTransformer> CreateEstimator(MLContext mlContext, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return mlContext.Transforms.FillNaMean(new FillNaMeanOptions { Columns = ColumnPairs.InPlace(Filled), Log = log })
            .Append(mlContext.Transforms.GetDummies(new GetDummiesOptions { Columns = ColumnPairs.InPlace(Encoded), DummyNa = true }));
    }

    /// <summary>
    /// The filled columns that are integers in <paramref name="fileSchema"/> (the file being transformed): FillNaMean
    /// makes them Double, and pandas writes them as int64 because that file has no missing value in them. Pass them to
    /// <see cref="PandasCsvWriter.Write"/>.
    /// </summary>
    /// <param name="fileSchema">The schema the file was read with.</param>
    public IReadOnlyList<string> IntegerColumns(DataViewSchema fileSchema)
    {
        ArgumentNullException.ThrowIfNull(fileSchema);
        return Filled.Where(c => fileSchema.GetColumnOrNull(c) is { Type: NumberDataViewType t } && t != NumberDataViewType.Double && t != NumberDataViewType.Single).ToArray();
    }
}
