using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>A fitted <see cref="GetDummiesEstimator"/>: the categories of each column and the pandas names of every slot.</summary>
public sealed class GetDummiesTransformer : BuiltInChainTransformer
{
    internal GetDummiesTransformer(ITransformer chain, IReadOnlyList<DummyEncoding> encodings) : base(chain)
    {
        Encodings = encodings;
    }

    /// <summary>One encoding per encoded column, in input order.</summary>
    public IReadOnlyList<DummyEncoding> Encodings { get; }

    /// <summary>All output slot names in order: the pandas column names of the dummies.</summary>
    public IReadOnlyList<string> OutputFeatureNames => Encodings.SelectMany(e => e.SlotNames).ToArray();

    /// <summary>
    /// Per output column, how many rows of <paramref name="data"/> hold a non-missing level not seen at fit time (those
    /// rows are encoded as all zeros).
    /// </summary>
    public IReadOnlyDictionary<string, long> CountUnseen(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = Encodings.ToDictionary(e => e.OutputColumn, _ => 0L, StringComparer.Ordinal);
        if (Encodings.Count == 0) return result;
        var columns = Encodings.Select(e => data.Schema[e.Column]).ToArray();
        var known = Encodings.Select(e => new HashSet<string>(e.Levels, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        var counts = new long[columns.Length];
        using var cursor = SerialCursor.Open(data, columns);
        var getters = columns.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            for (int i = 0; i < getters.Length; i++)
            {
                getters[i](ref value);
                if (value.Length > 0 && !known[i].Contains(value.Span)) counts[i]++;
            }
        }
        for (int i = 0; i < columns.Length; i++) result[Encodings[i].OutputColumn] = counts[i];
        return result;
    }

    /// <summary>
    /// The pandas-style names of a feature vector built by <c>Concatenate(output, columns)</c> after this transformer:
    /// an encoded column contributes its slot names, any other scalar column its own name.
    /// </summary>
    public IReadOnlyList<string> GetFeatureNames(IEnumerable<string> concatenatedColumns)
    {
        ArgumentNullException.ThrowIfNull(concatenatedColumns);
        var byColumn = Encodings.ToDictionary(e => e.OutputColumn, StringComparer.Ordinal);
        return concatenatedColumns.SelectMany(c => byColumn.TryGetValue(c, out var e) ? e.SlotNames : (IEnumerable<string>)[c]).ToArray();
    }
}
