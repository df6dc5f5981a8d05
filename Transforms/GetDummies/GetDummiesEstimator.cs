using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DiveML.Transforms;

/// <summary>
/// One-hot encodes text columns as pandas' <c>get_dummies(dummy_na=True)</c>: levels sorted by code point (as Python sorts str),
/// slot names <c>&lt;col&gt;_&lt;level&gt;</c>, and a <c>&lt;col&gt;_nan</c> slot last for missing values.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator Characteristics
/// |  |  |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes (one pass) |
/// | Input column data type | Scalar text |
/// | Output column data type | Known-size vector of <xref:System.Single> (0/1) with the pandas column names as slot names |
/// | Saved as | per column an ML.NET `Expression` (value → slot name), then one `ValueToKeyMapping` (key values: the slot names) and one `KeyToVector` for all columns |
/// | Exportable to ONNX | No |
///
/// Missing text is the empty string: ML.NET cannot tell a null from `""`, and pandas' `read_csv` reads an empty field
/// as missing too. A level unseen at fit time is encoded as all zeros (like scikit-learn's `handle_unknown="ignore"`);
/// <xref:DiveML.Transforms.GetDummiesTransformer.CountUnseen(Microsoft.ML.IDataView)> reports how many. A literal level
/// `"nan"` gets its own slot, named `<col>_"nan"`, so it never collides with the missing indicator. Slot names use the
/// input column's name as prefix, as `pd.get_dummies(df[col])` does.
/// ]]></format>
/// </remarks>
/// <seealso cref="PandasTransformsCatalog.GetDummies(TransformsCatalog, GetDummiesOptions)"/>
public sealed class GetDummiesEstimator : ColumnwiseEstimator<GetDummiesTransformer>
{
    private readonly GetDummiesOptions _options;

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.GetDummies(...)</c>.</summary>
    public GetDummiesEstimator(GetDummiesOptions? options = null) : base("GetDummies", options?.Columns)
        => _options = options ?? new GetDummiesOptions();

    private protected override bool Accepts(ColumnInfo column) => column.IsText;

    private protected override string Expected => "scalar text columns";

    private protected override string Hint => "Numeric columns pass through get_dummies unchanged in pandas; to encode one anyway, convert it to text first.";

    // The built-in one-hot estimator has the same effect on the schema (a vector of Single per column).
    private protected override IEstimator<ITransformer> OutputShape(IReadOnlyList<InputOutputColumnPair> pairs, Func<string, ColumnInfo> column)
    {
        // One multi-column estimator: a transform per column would make each schema step as costly as the table is wide.
        return pairs.Count == 0 ? new EstimatorChain<ITransformer>()
            : Env.Transforms.Categorical.OneHotEncoding(pairs.ToArray(), OneHotEncodingEstimator.OutputKind.Indicator);
    }

    private protected override GetDummiesTransformer Fit(IDataView input, IReadOnlyList<InputOutputColumnPair> pairs, BlankColumnNames blanks)
    {
        var inputs = pairs.Select(p => p.InputColumnName).Distinct().ToArray();
        var levels = DistinctLevels(input, inputs);
        var encodings = new List<DummyEncoding>();
        var transformers = new List<ITransformer>();
        foreach (var pair in pairs)
        {
            var encoding = DummyEncoding.Create(pair.InputColumnName, pair.OutputColumnName, levels[pair.InputColumnName], _options.DummyNa, _options.PrefixSeparator);
            if (encoding.SlotNames.Count == 0)
                throw new InvalidOperationException($"GetDummies: column '{pair.InputColumnName}' has no levels (every value is missing) and DummyNa is off, so pandas would give it no columns, which an ML.NET vector cannot hold. Drop the column, or set DummyNa to true.");
            encodings.Add(encoding);
            transformers.Add(SlotNaming(input, pair.InputColumnName, blanks[pair.OutputColumnName], encoding.Levels.Contains("nan")));
        }
        if (pairs.Count > 0)
            transformers.AddRange(KeysToVectors(pairs.Select(p => blanks[p.OutputColumnName]).ToArray(), encodings));
        var chain = blanks.Finish(Env, new TransformerChain<ITransformer>(transformers.ToArray()), input);
        return new GetDummiesTransformer(chain, encodings);
    }

    /// <summary>
    /// The <c>Expression</c> that writes a column's slot name for each value into <paramref name="output"/>. It depends
    /// on the levels only through whether <c>nan</c> is one, so the fits of a column (every fold, every candidate) share
    /// one compiled expression.
    /// </summary>
    private ITransformer SlotNaming(IDataView input, string column, string output, bool nanIsLevel)
    {
        string type = input.Schema[column].Type.ToString() ?? "";
        string expression = DummyEncoding.SlotNameExpression(column, _options.PrefixSeparator, _options.DummyNa, nanIsLevel);
        return MappingCache.GetOrAdd(["expression", column, output, type, expression],
            () => Env.Transforms.Expression(output, expression, column).Fit(input));
    }

    /// <summary>
    /// <c>MapValueToKey</c> for the encoded columns, each column's key values its slot names in slot order (fitted on
    /// <see cref="SlotNameTable"/>), then <c>MapKeyToVector</c>. A name that is no slot — an unseen level, or missing
    /// without DummyNa — maps to the missing key, an all-zero vector. Neither is fitted on the user's data, whose schema
    /// may be thousands of columns wide, and neither serialises anything when built, where ML.NET's <c>ValueMapping</c>
    /// runs its binary saver on one thread per core (D28). Columns are grouped by their number of slots within a factor
    /// of two, one pair of transforms per group: a few groups on any table, and fitting reads at most twice as many
    /// names as there are slots (one column of 50,000 levels beside 2,000 of three would otherwise pad them all).
    /// </summary>
    private IEnumerable<ITransformer> KeysToVectors(string[] outputs, IReadOnlyList<DummyEncoding> encodings)
    {
        var groups = Enumerable.Range(0, outputs.Length).GroupBy(i => System.Numerics.BitOperations.Log2((uint)encodings[i].SlotNames.Count));
        foreach (var group in groups)
        {
            var members = group.ToArray();
            var parts = new List<string> { "keys" };
            foreach (int i in members)
            {
                parts.Add(outputs[i]);
                parts.Add(encodings[i].SlotNames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                parts.AddRange(encodings[i].SlotNames);
            }
            var fitted = (TransformerChain<ITransformer>)MappingCache.GetOrAdd(parts, () =>
            {
                var table = new SlotNameTable(members.Select(i => (outputs[i], encodings[i].SlotNames)).ToList());
                var columns = members.Select(i => new InputOutputColumnPair(outputs[i])).ToArray();
                int keys = members.Max(i => encodings[i].SlotNames.Count);
                var toKeys = Env.Transforms.Conversion.MapValueToKey(columns, maximumNumberOfKeys: keys, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence).Fit(table);
                var toVectors = Env.Transforms.Conversion.MapKeyToVector(columns).Fit(toKeys.Transform(table));
                return new TransformerChain<ITransformer>(toKeys, toVectors);
            });
            foreach (var transformer in fitted) yield return transformer;
        }
    }

    private static Dictionary<string, SortedSet<string>> DistinctLevels(IDataView input, string[] columns)
    {
        var result = columns.ToDictionary(c => c, _ => new SortedSet<string>(CodePointComparer.Instance), StringComparer.Ordinal);
        if (columns.Length == 0) return result;
        var schemaColumns = columns.Select(c => input.Schema[c]).ToArray();
        // Large data: one cursor per core (ML.NET's cursor set), each collecting distinct values by span — a million rows
        // of a few levels allocate a few strings, not a million — merged at the end. Small data: one cursor, as ML.NET
        // would otherwise split it across threads at a cost larger than the work (measured: 5-fold run 3.0 s → 4.1 s).
        int parallel = input.GetRowCount() is long rows && rows >= SerialCursor.ParallelRowThreshold ? Environment.ProcessorCount : 1;
        var cursors = parallel > 1 ? input.GetRowCursorSet(schemaColumns, parallel) : [SerialCursor.Open(input, schemaColumns)];
        var perCursor = new HashSet<string>[cursors.Length][];
        Parallel.For(0, cursors.Length, k =>
        {
            using var cursor = cursors[k];
            var seen = columns.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
            var lookups = seen.Select(s => s.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
            var getters = schemaColumns.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
            ReadOnlyMemory<char> value = default;
            while (cursor.MoveNext())
            {
                for (int i = 0; i < getters.Length; i++)
                {
                    getters[i](ref value);
                    if (value.Length == 0) continue; // missing
                    lookups[i].Add(value.Span);
                }
            }
            perCursor[k] = seen;
        });
        for (int i = 0; i < columns.Length; i++)
            foreach (var sets in perCursor) result[columns[i]].UnionWith(sets[i]);
        return result;
    }
}
