using System.Collections.Concurrent;
using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>
/// Reuses the fitted level → slot mapping of a column when the same column meets the same levels again, as in every
/// fold of a cross-validation or every candidate of a grid. Building one ML.NET ValueMapping costs milliseconds
/// (measured ≈ 3.7 ms, 43 of them per house-prices fold); the fitted transformers are immutable, so sharing is safe.
/// </summary>
internal static class MappingCache
{
    private const int Capacity = 4096;
    // Lazy values: folds fitted at once that meet a column together build its mapping once; the others wait for it.
    private static readonly ConcurrentDictionary<string, Lazy<ITransformer>> Cache = new(StringComparer.Ordinal);

    public static ITransformer GetOrAdd(DummyEncoding encoding, IDataView input, Func<ITransformer> create)
    {
        // The key is everything the transformer depends on: input and output column, the input's type, and the level → slot pairs in order.
        var key = string.Join('\u0001', new[] { encoding.Column, encoding.OutputColumn, input.Schema[encoding.Column].Type.ToString() }
            .Concat(encoding.SlotNames.Select(slot => encoding.ValueToSlotName.First(kv => kv.Value == slot)).SelectMany(kv => new[] { kv.Key, kv.Value })));
        if (!Cache.TryGetValue(key, out var entry))
        {
            if (Cache.Count >= Capacity) Cache.Clear();
            entry = Cache.GetOrAdd(key, _ => new Lazy<ITransformer>(create, LazyThreadSafetyMode.ExecutionAndPublication));
        }
        try
        {
            return entry.Value;
        }
        catch
        {
            // A failed build is not remembered: the next fit tries again.
            Cache.TryRemove(new KeyValuePair<string, Lazy<ITransformer>>(key, entry));
            throw;
        }
    }
}
