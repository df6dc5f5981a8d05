using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DiveML.Trainers.Scoring;

/// <summary>
/// Turns the network's class index (a one-element Single vector from ONNX) into a scalar: ML.NET's <c>Hash</c> with
/// <c>combine: true</c> is the one public built-in besides the scorers that reduces a vector to a scalar, and the K
/// indexes are a small closed set, so their K hashes identify the classes. The hashes are computed by running the very
/// transformer that goes into the chain over the K indexes (never re-implemented), and must be distinct: on a collision
/// the next seed is tried.
/// </summary>
internal sealed class ClassIndexHash
{
    private ClassIndexHash(ITransformer transformer, uint[] codes)
    {
        Transformer = transformer;
        Codes = codes;
    }

    /// <summary>The fitted (stateless) hash transformer: index column → a scalar <c>Key&lt;UInt32&gt;</c> code column.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The code of class k (index k), one distinct value per class.</summary>
    public IReadOnlyList<uint> Codes { get; }

    /// <summary>Builds the hash for <paramref name="classes"/> class indexes read from <paramref name="indexColumn"/> of <paramref name="indexType"/>.</summary>
    public static ClassIndexHash Create(MLContext env, string indexColumn, DataViewType indexType, string codeColumn, int classes)
    {
        if (indexType is not VectorDataViewType { ItemType: var item, Size: 1 } || item != NumberDataViewType.Single)
            throw new InvalidOperationException($"DiveML expected the network's class index '{indexColumn}' to be one Single value, but ML.NET reads it as {indexType}.");
        var schema = SchemaDefinition.Create(typeof(IndexRow));
        schema[nameof(IndexRow.Index)].ColumnName = indexColumn;
        schema[indexColumn].ColumnType = indexType;
        // An array, so the view knows its row count and SerialCursor reads it on this thread.
        var indexes = env.Data.LoadFromEnumerable(Enumerable.Range(0, classes).Select(k => new IndexRow { Index = [k] }).ToArray(), schema);
        const uint FirstSeed = 314489979; // ML.NET's default hashing seed
        for (uint seed = FirstSeed; seed < FirstSeed + 16; seed++)
        {
            var hash = env.Transforms.Conversion.Hash(new HashingEstimator.ColumnOptions(codeColumn, indexColumn,
                numberOfBits: 31, seed: seed, useOrderedHashing: false, combine: true)).Fit(indexes);
            var codes = ReadCodes(hash.Transform(indexes), codeColumn);
            if (codes.Length == classes && codes.Distinct().Count() == classes && !codes.Contains(0u))
                return new ClassIndexHash(hash, codes);
        }
        throw new InvalidOperationException($"DiveML could not give the {classes} classes distinct codes with ML.NET's Hash transform (16 seeds tried).");
    }

    private static uint[] ReadCodes(IDataView hashed, string codeColumn)
    {
        var column = hashed.Schema[codeColumn];
        var codes = new List<uint>();
        using var cursor = SerialCursor.Open(hashed, [column]);
        var get = cursor.GetGetter<uint>(column);
        uint code = 0;
        while (cursor.MoveNext())
        {
            get(ref code);
            codes.Add(code);
        }
        return codes.ToArray();
    }

    private sealed class IndexRow
    {
        public float[] Index { get; set; } = [];
    }
}
