using System.Collections.Concurrent;
using Microsoft.ML;

namespace DiveML.Transforms;

/// <summary>
/// Reuses GetDummies' fitted built-ins when a column meets the same setting again, as in every fold of a
/// cross-validation or every candidate of a grid: a column's slot-name <c>Expression</c> (compiled to a dynamic method)
/// whatever its levels, and the <c>MapValueToKey</c> and <c>MapKeyToVector</c> of all columns for the same level sets. The fitted transformers are immutable, so
/// sharing is safe.
/// </summary>
internal static class MappingCache
{
    private const int Capacity = 4096;
    // An entry of the key-to-vector transforms holds every slot name of its columns, in its key and in its term maps:
    // the cache is also bounded by the characters of its keys (64 MB of them), so wide, many-level tables do not pile up.
    private const long MaxKeyChars = 1L << 25;
    private static long _keyChars;
    // Lazy values: folds fitted at once that meet a column together build its transformer once; the others wait for it.
    private static readonly ConcurrentDictionary<string, Lazy<ITransformer>> Cache = new(StringComparer.Ordinal);

    /// <summary>The transformer cached under <paramref name="parts"/> (everything it depends on), built by <paramref name="create"/> if none is.</summary>
    public static ITransformer GetOrAdd(IEnumerable<string> parts, Func<ITransformer> create)
    {
        // Length-prefixed parts: no two lists of parts make the same key, whatever characters they hold.
        var key = string.Concat(parts.Select(p => $"{p.Length}\u0001{p}"));
        if (!Cache.TryGetValue(key, out var entry))
        {
            if (Cache.Count >= Capacity || Interlocked.Read(ref _keyChars) + key.Length > MaxKeyChars)
            {
                Cache.Clear();
                Interlocked.Exchange(ref _keyChars, 0);
            }
            entry = Cache.GetOrAdd(key, k =>
            {
                Interlocked.Add(ref _keyChars, k.Length);
                return new Lazy<ITransformer>(create, LazyThreadSafetyMode.ExecutionAndPublication);
            });
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
