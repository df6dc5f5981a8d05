using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Trainers;

/// <summary>
/// The key values of a classification label (the classes, in key order), of whatever type they have: text from
/// <c>MapValueToKey</c> over strings, numbers over a numeric column, booleans… The values are kept with their own type
/// (not as text), and the scoring chain gives <c>PredictedLabel</c> exactly these key values, so <c>MapKeyToValue</c>
/// returns the label's own values, also in a model loaded without DiveML.
/// </summary>
internal sealed class LabelKeyValues
{
    private readonly Func<MLContext, string, string, string, IReadOnlyList<uint>, IEstimator<ITransformer>> _codesToKey;

    private LabelKeyValues(string[] names, Func<MLContext, string, string, string, IReadOnlyList<uint>, IEstimator<ITransformer>> codesToKey)
    {
        Names = names;
        _codesToKey = codesToKey;
    }

    /// <summary>The classes as text, for reports and <c>ClassNames</c>.</summary>
    public string[] Names { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Names.Length;

    /// <summary>
    /// Built-in mappings from a column of class codes (<paramref name="codes"/>[k] stands for class k; a <c>UInt32</c> or
    /// <c>Key&lt;UInt32&gt;</c> column) to a key column whose key values are the label's, in class order, so key k + 1 is
    /// class k: <c>MapValue</c> code → the class's value (into <paramref name="valueColumn"/>, of the label's value type),
    /// then <c>MapValueToKey</c> over the values in class order. <c>MapValue</c>'s own key option would make the key
    /// values text.
    /// </summary>
    public IEstimator<ITransformer> CodesToKey(MLContext env, string outputColumn, string codeColumn, string valueColumn, IReadOnlyList<uint> codes)
    {
        if (codes.Count != Count) throw new ArgumentException($"{codes.Count} codes for {Count} classes.", nameof(codes));
        return _codesToKey(env, outputColumn, codeColumn, valueColumn, codes);
    }

    /// <summary>Reads the key values of <paramref name="column"/>, a key with <paramref name="count"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key values have a type no ML.NET mapping can carry.</exception>
    public static LabelKeyValues Read(DataViewSchema.Column column, int count)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (annotation is not { Type: VectorDataViewType { ItemType: var item, Size: var size } } || size != count)
        {
            // A key without key values (e.g. ConvertType to a key): its values are the key numbers 1..K themselves.
            var numbers = Enumerable.Range(1, count).Select(k => (uint)k).ToArray();
            return From(numbers, k => k.ToString(CultureInfo.InvariantCulture));
        }
        return item switch
        {
            TextDataViewType => From(Values<ReadOnlyMemory<char>>(column).Select(v => v.ToString()).ToArray(), v => v),
            BooleanDataViewType => From(Values<bool>(column), v => v ? "True" : "False"),
            _ when item == NumberDataViewType.Single => From(Values<float>(column), v => v.ToString("R", CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Double => From(Values<double>(column), v => v.ToString("R", CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Int64 => From(Values<long>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Int32 => From(Values<int>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Int16 => From(Values<short>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.SByte => From(Values<sbyte>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.UInt64 => From(Values<ulong>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.UInt32 => From(Values<uint>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.UInt16 => From(Values<ushort>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ when item == NumberDataViewType.Byte => From(Values<byte>(column), v => v.ToString(CultureInfo.InvariantCulture)),
            _ => throw new ArgumentOutOfRangeException(nameof(column),
                $"Label column '{column.Name}' is a key whose values are {item}, which DiveML cannot give to PredictedLabel. " +
                $"Map the label from text or numbers with mlContext.Transforms.Conversion.MapValueToKey(\"{column.Name}\")."),
        };
    }

    private static T[] Values<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.GetKeyValues(ref values);
        return values.DenseValues().ToArray();
    }

    /// <summary>Captures the typed values, so the mappings are built with the label's own value type.</summary>
    private static LabelKeyValues From<T>(T[] values, Func<T, string> name)
        => new(values.Select(name).ToArray(), (env, output, codeColumn, valueColumn, codes) =>
            env.Transforms.Conversion.MapValue(valueColumn, codes.Select((code, k) => new KeyValuePair<uint, T>(code, values[k])), codeColumn)
                .Append(env.Transforms.Conversion.MapValueToKey(output, valueColumn,
                    keyData: env.Data.LoadFromEnumerable(values.Select(v => new KeyRow<T> { Value = v })))));

    /// <summary>One row of the key data: a class value.</summary>
    private sealed class KeyRow<T>
    {
        public T Value { get; set; } = default!;
    }
}
