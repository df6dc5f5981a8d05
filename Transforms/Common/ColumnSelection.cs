using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>Resolves the columns an estimator works on and checks their types up front, with actionable messages.</summary>
internal static class ColumnSelection
{
    public static string[] Resolve(string transform, IReadOnlyList<string>? requested, IEnumerable<ColumnInfo> schema,
        Func<ColumnInfo, bool> accepts, string expected, string hint)
    {
        var columns = schema.ToList();
        if (requested is null || requested.Count == 0)
            return columns.Where(accepts).Select(c => c.Name).Distinct().ToArray();
        var duplicate = requested.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"{transform}: column '{duplicate.Key}' is listed twice.");
        foreach (var name in requested)
        {
            // The last column of a name is the visible one, as in ML.NET.
            var matches = columns.Where(c => c.Name == name).ToList();
            if (matches.Count == 0)
                throw new ArgumentOutOfRangeException(nameof(requested), $"{transform}: input has no column '{name}'. Its columns are: {string.Join(", ", columns.Select(c => c.Name))}.");
            var column = matches[^1];
            if (!accepts(column))
                throw new ArgumentOutOfRangeException(nameof(requested), $"{transform}: column '{name}' is {column.Describe()}; {transform} works on {expected}. {hint}");
        }
        return requested.ToArray();
    }

    /// <summary>Resolves the scalar Single/Double columns a numeric transform works on in place (none named = all of them).</summary>
    public static string[] ResolveFloating(string transform, IReadOnlyList<string>? requested, IEnumerable<ColumnInfo> schema, string hint)
        => Resolve(transform, requested, schema,
            c => c.IsScalar && (c.ItemType == NumberDataViewType.Single || c.ItemType == NumberDataViewType.Double),
            "scalar Single or Double columns", hint);
}
