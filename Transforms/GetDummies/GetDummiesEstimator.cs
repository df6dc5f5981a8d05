using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DiveML.Transforms;

/// <summary>
/// One-hot encodes text columns as pandas' <c>get_dummies(dummy_na=True)</c>: levels sorted by code point (ordinal),
/// slot names <c>&lt;col&gt;_&lt;level&gt;</c>, and a <c>&lt;col&gt;_nan</c> slot last for missing values.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Does this estimator need to look at the data to train its parameters?</term><description>Yes (one pass)</description></item>
/// <item><term>Input column data type</term><description>Scalar text</description></item>
/// <item><term>Output column data type</term><description>Known-size vector of <see cref="float"/> (0/1), in place</description></item>
/// <item><term>Saved as</term><description>ML.NET <c>ValueMapping</c> (level → slot-name key) then <c>KeyToVector</c></description></item>
/// </list>
/// Missing text is the empty string: ML.NET cannot tell a null from <c>""</c>, and pandas' <c>read_csv</c> reads an
/// empty field as missing too. A level unseen at fit time is encoded as all zeros (like scikit-learn's
/// <c>handle_unknown="ignore"</c>); <see cref="GetDummiesTransformer.CountUnseen"/> reports how many. A literal level
/// <c>"nan"</c> gets its own slot, named <c>&lt;col&gt;_"nan"</c>, so it never collides with the missing indicator.
/// </remarks>
public sealed class GetDummiesEstimator : IEstimator<GetDummiesTransformer>
{
    private readonly GetDummiesOptions _options;
    private readonly MLContext _env = new(seed: 0); // built-in transforms only: deterministic, the seed is irrelevant

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.GetDummies(...)</c>.</summary>
    public GetDummiesEstimator(GetDummiesOptions? options = null) => _options = options ?? new GetDummiesOptions();

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var columns = ResolveColumns(ColumnInfo.Of(inputSchema));
        // The built-in one-hot estimator computes the same output shape (a vector of Single per column).
        IEstimator<ITransformer> shape = new EstimatorChain<ITransformer>();
        foreach (var c in columns)
            shape = shape.Append(_env.Transforms.Categorical.OneHotEncoding(c, c, OneHotEncodingEstimator.OutputKind.Indicator));
        return shape.GetOutputSchema(inputSchema);
    }

    private string[] ResolveColumns(IEnumerable<ColumnInfo> schema) => ColumnSelection.Resolve("GetDummies", _options.Columns, schema,
        c => c.IsScalar && c.ItemType is TextDataViewType,
        "scalar text columns",
        "Numeric columns pass through get_dummies unchanged in pandas; to encode one anyway, convert it to text first.");

    /// <inheritdoc/>
    public GetDummiesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = ResolveColumns(ColumnInfo.Of(input.Schema));
        var levels = DistinctLevels(input, columns);
        var encodings = new List<DummyEncoding>();
        var transformers = new List<ITransformer>();
        foreach (var name in columns)
        {
            var encoding = DummyEncoding.Create(name, levels[name], _options.DummyNa, _options.PrefixSeparator);
            encodings.Add(encoding);
            transformers.Add(MappingCache.GetOrAdd(encoding, input, () =>
            {
                // Level → slot name as a key (key values in slot order); unseen levels map to the missing key, i.e.
                // an all-zero vector after KeyToVector.
                var mapping = encoding.SlotNames.Select(slot => encoding.ValueToSlotName.First(kv => kv.Value == slot))
                    .Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value));
                return _env.Transforms.Conversion.MapValue(name, mapping, name, treatValuesAsKeyType: true).Fit(input);
            }));
        }
        var mapped = new TransformerChain<ITransformer>(transformers.ToArray());
        // One multi-column KeyToVector for all encoded columns: each transform costs milliseconds to build.
        ITransformer chain = columns.Length == 0 ? mapped
            : mapped.Append(_env.Transforms.Conversion.MapKeyToVector(columns.Select(c => new InputOutputColumnPair(c)).ToArray()).Fit(mapped.Transform(input)));
        return new GetDummiesTransformer(chain, encodings);
    }

    private const long ParallelRowThreshold = 100_000;

    private static Dictionary<string, SortedSet<string>> DistinctLevels(IDataView input, string[] columns)
    {
        var result = columns.ToDictionary(c => c, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        if (columns.Length == 0) return result;
        var schemaColumns = columns.Select(c => input.Schema[c]).ToArray();
        // Large data: one cursor per core (ML.NET's cursor set), each collecting distinct values by span — a million rows
        // of a few levels allocate a few strings, not a million — merged at the end. Small data: one cursor, as ML.NET
        // would otherwise split it across threads at a cost larger than the work (measured: 5-fold run 3.0 s → 4.1 s).
        int parallel = input.GetRowCount() is long rows && rows >= ParallelRowThreshold ? Environment.ProcessorCount : 1;
        var cursors = parallel > 1 ? input.GetRowCursorSet(schemaColumns, parallel) : [input.GetRowCursor(schemaColumns)];
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
