using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>
/// Resolves the (output, input) column pairs an estimator works on and checks them up front, with messages that name
/// the column and say what to do: no pairs given means every accepted column, in place.
/// </summary>
internal static class ColumnSelection
{
    public static InputOutputColumnPair[] Resolve(string transform, IReadOnlyList<InputOutputColumnPair>? requested,
        IEnumerable<ColumnInfo> schema, Func<ColumnInfo, bool> accepts, string expected, string hint)
    {
        var columns = schema.ToList();
        if (requested is null || requested.Count == 0)
            return columns.Where(accepts).Select(c => c.Name).Distinct().Select(n => new InputOutputColumnPair(n)).ToArray();
        var duplicate = requested.GroupBy(p => p.OutputColumnName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"{transform}: output column '{duplicate.Key}' is listed twice.");
        // Every pair reads the input data, fitted and applied side by side: a pair cannot read another pair's output.
        var writers = requested.Select((p, i) => (p.OutputColumnName, Index: i)).ToDictionary(w => w.OutputColumnName, w => w.Index, StringComparer.Ordinal);
        for (int i = 0; i < requested.Count; i++)
            if (requested[i].InputColumnName is { } input && writers.TryGetValue(input, out int writer) && writer != i)
                throw new ArgumentException($"{transform}: column '{input}' is the input of output '{requested[i].OutputColumnName}' and also the output of " +
                    $"input '{requested[writer].InputColumnName}'. The columns are transformed side by side, each from the input data, so one cannot read " +
                    "another's result: give that output another name.");
        foreach (var pair in requested)
        {
            if (string.IsNullOrEmpty(pair.OutputColumnName) || string.IsNullOrEmpty(pair.InputColumnName))
                throw new ArgumentException($"{transform}: a column name is empty.");
            // The last column of a name is the visible one, as in ML.NET.
            var matches = columns.Where(c => c.Name == pair.InputColumnName).ToList();
            if (matches.Count == 0)
                throw new ArgumentOutOfRangeException(nameof(requested), $"{transform}: input has no column '{pair.InputColumnName}'. Its columns are: {string.Join(", ", columns.Select(c => c.Name))}.");
            var column = matches[^1];
            if (!accepts(column))
                throw new ArgumentOutOfRangeException(nameof(requested), $"{transform}: column '{pair.InputColumnName}' is {column.Describe()}; {transform} works on {expected}. {hint}");
        }
        return requested.ToArray();
    }
}
