using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.Data;

/// <summary>
/// An immutable in-memory <see cref="IDataView"/> with a known-size <c>Single</c> vector column (one flat row-major
/// array, no array per row) and a label column that is either a <c>Single</c> or a key with text key values. Cursors
/// are cheap and thread-safe to create, so trainers can stream it straight into tensors.
/// </summary>
public sealed class DenseDataView : InMemoryDataView
{
    private readonly float[] _features;
    private readonly int _dimension;
    private readonly float[]? _floatLabels;
    private readonly uint[]? _keyLabels;

    private DenseDataView(string featuresName, float[] features, int dimension, string labelName, float[]? floatLabels, uint[]? keyLabels, IReadOnlyList<string>? keyValues)
        : base(BuildSchema(featuresName, dimension, labelName, keyValues), dimension == 0 ? 0 : features.Length / dimension)
    {
        _features = features;
        _dimension = dimension;
        _floatLabels = floatLabels;
        _keyLabels = keyLabels;
    }

    private static DataViewSchema BuildSchema(string featuresName, int dimension, string labelName, IReadOnlyList<string>? keyValues)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(featuresName, new VectorDataViewType(NumberDataViewType.Single, dimension));
        if (keyValues is not null)
        {
            var names = keyValues.Select(v => v.AsMemory()).ToArray();
            var annotations = new DataViewSchema.Annotations.Builder();
            annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, names.Length),
                (ref VBuffer<ReadOnlyMemory<char>> dst) => dst = new VBuffer<ReadOnlyMemory<char>>(names.Length, (ReadOnlyMemory<char>[])names.Clone()));
            builder.AddColumn(labelName, new KeyDataViewType(typeof(uint), names.Length), annotations.ToAnnotations());
        }
        else
        {
            builder.AddColumn(labelName, NumberDataViewType.Single);
        }
        return builder.ToSchema();
    }

    /// <summary>A regression view: <paramref name="features"/> is row-major, <c>rows × dimension</c>.</summary>
    public static DenseDataView ForRegression(float[] features, int dimension, float[] labels, string featuresName = "Features", string labelName = "Label")
    {
        Validate(features, dimension, labels.Length);
        return new DenseDataView(featuresName, features, dimension, labelName, labels, null, null);
    }

    /// <summary>
    /// A classification view: <paramref name="classes"/> holds 0-based class indices, exposed as a key column whose key
    /// values are <paramref name="classNames"/> (key 1 = class 0, as ML.NET keys are 1-based).
    /// </summary>
    public static DenseDataView ForClassification(float[] features, int dimension, int[] classes, IReadOnlyList<string> classNames, string featuresName = "Features", string labelName = "Label")
    {
        Validate(features, dimension, classes.Length);
        var keys = new uint[classes.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            if ((uint)classes[i] >= (uint)classNames.Count)
                throw new ArgumentOutOfRangeException(nameof(classes), $"Row {i} has class {classes[i]}, outside 0..{classNames.Count - 1}.");
            keys[i] = (uint)classes[i] + 1;
        }
        return new DenseDataView(featuresName, features, dimension, labelName, null, keys, classNames);
    }

    private static void Validate(float[] features, int dimension, int labelCount)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), "The feature dimension must be positive.");
        if (features.Length != (long)labelCount * dimension)
            throw new ArgumentException($"Expected {labelCount} rows × {dimension} features = {(long)labelCount * dimension} values, got {features.Length}.", nameof(features));
    }

    private protected override DataViewRowCursor CreateCursor(int[]? order, int index, int count) => new Cursor(this, order, index, count);

    private sealed class Cursor(DenseDataView view, int[]? order, int index, int count) : IndexedRowCursor(view.Schema, view.RowCount, order, index, count)
    {
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == 0)
            {
                ValueGetter<VBuffer<float>> features = (ref VBuffer<float> dst) =>
                {
                    int d = view._dimension;
                    var editor = VBufferEditor.Create(ref dst, d);
                    view._features.AsSpan(Row * d, d).CopyTo(editor.Values);
                    dst = editor.Commit();
                };
                return features as ValueGetter<TValue> ?? throw TypeMismatch<TValue>(column);
            }
            if (view._keyLabels is { } keys)
            {
                ValueGetter<uint> key = (ref uint dst) => dst = keys[Row];
                return key as ValueGetter<TValue> ?? throw TypeMismatch<TValue>(column);
            }
            var labels = view._floatLabels!;
            ValueGetter<float> label = (ref float dst) => dst = labels[Row];
            return label as ValueGetter<TValue> ?? throw TypeMismatch<TValue>(column);
        }
    }
}
