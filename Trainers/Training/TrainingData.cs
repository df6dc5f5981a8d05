using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Trainers;

/// <summary>
/// Training rows streamed once from an <see cref="IDataView"/> into one contiguous row-major feature array (no tensor
/// or array per row) and a label array, checked on the way: non-finite features and bad labels are clear errors.
/// </summary>
internal sealed class TrainingData
{
    private TrainingData(float[] features, int rows, int dimension, float[]? targets, long[]? classes)
    {
        Features = features;
        Rows = rows;
        Dimension = dimension;
        Targets = targets;
        Classes = classes;
    }

    public float[] Features { get; }
    public int Rows { get; }
    public int Dimension { get; }
    /// <summary>Regression targets, or binary labels as 0/1.</summary>
    public float[]? Targets { get; }
    /// <summary>0-based class indices.</summary>
    public long[]? Classes { get; }

    /// <summary>Checks the feature column up front (before any data is read); returns its dimension.</summary>
    public static int FeatureDimension(DataViewSchema schema, string featureColumn)
    {
        var column = schema.GetColumnOrNull(featureColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(featureColumn), $"The data has no feature column '{featureColumn}'. Build it with mlContext.Transforms.Concatenate(\"{featureColumn}\", ...), or set FeatureColumnName.");
        if (column.Type is VectorDataViewType { ItemType: var item, Size: > 0 } vector && item == NumberDataViewType.Single) return vector.Size;
        throw new ArgumentOutOfRangeException(nameof(featureColumn),
            $"Feature column '{featureColumn}' is {column.Type}; DiveML trainers need a known-size vector of Single (build one even from a single column with Concatenate). " +
            $"Convert it with mlContext.Transforms.Conversion.ConvertType(\"{featureColumn}\", outputKind: DataKind.Single) (doubles), or build it with Concatenate from columns of one type.");
    }

    /// <summary>The classes (key values) of a key label column, checked up front.</summary>
    public static LabelKeyValues ClassLabels(DataViewSchema schema, string labelColumn)
    {
        var column = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"The data has no label column '{labelColumn}'. Set LabelColumnName.");
        if (column.Type is not KeyDataViewType key || key.Count < 2 || key.Count > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(labelColumn),
                $"Label column '{labelColumn}' is {column.Type}; multiclass trainers need a key with at least 2 values. " +
                $"Add mlContext.Transforms.Conversion.MapValueToKey(\"{labelColumn}\") before the trainer.");
        return LabelKeyValues.Read(column, (int)key.Count);
    }

    public static void CheckRegressionLabel(DataViewSchema schema, string labelColumn)
    {
        var column = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"The data has no label column '{labelColumn}'. Set LabelColumnName.");
        if (column.Type != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(labelColumn),
                $"Label column '{labelColumn}' is {column.Type}; regression trainers need Single. " +
                $"Convert it with mlContext.Transforms.Conversion.ConvertType(\"{labelColumn}\", outputKind: DataKind.Single).");
    }

    /// <summary>Checks a binary label up front: it must be a Boolean scalar.</summary>
    public static void CheckBinaryLabel(DataViewSchema schema, string labelColumn)
    {
        var column = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"The data has no label column '{labelColumn}'. Set LabelColumnName.");
        if (column.Type is not BooleanDataViewType)
            throw new ArgumentOutOfRangeException(nameof(labelColumn), BinaryLabelError(labelColumn, column.Type.ToString() ?? "", column.Type is TextDataViewType));
    }

    /// <summary>The error for a binary label that is not Boolean, with the conversion to add.</summary>
    public static string BinaryLabelError(string labelColumn, string type, bool isText)
        => $"Label column '{labelColumn}' is {type}; binary classification trainers need a Boolean label (true = the positive class). " +
            (isText
                ? $"Map text with mlContext.Transforms.Conversion.MapValue(\"{labelColumn}\", new Dictionary<string, bool> {{ [\"yes\"] = true, [\"no\"] = false }}, \"{labelColumn}\") (with your values)."
                : $"Convert numbers with mlContext.Transforms.Expression(\"{labelColumn}\", \"x => x > 0\", \"{labelColumn}\") (or your own condition).");

    public static TrainingData Load(IDataView data, string featureColumn, string labelColumn, TrainingTask task, int classCount, string role)
    {
        int dimension = FeatureDimension(data.Schema, featureColumn);
        var featureCol = data.Schema[featureColumn];
        var labelCol = data.Schema[labelColumn];
        long? known = data.GetRowCount();
        int capacity = (int)Math.Min(known ?? 1024, int.MaxValue / Math.Max(1, dimension));
        var features = new float[Math.Max(1, capacity) * dimension];
        bool multiclass = task == TrainingTask.Multiclass;
        var targets = multiclass ? null : new float[Math.Max(1, capacity)];
        var classes = multiclass ? new long[Math.Max(1, capacity)] : null;
        int rows = 0;
        using (var cursor = SerialCursor.Open(data, [featureCol, labelCol]))
        {
            var getVector = cursor.GetGetter<VBuffer<float>>(featureCol);
            var getTarget = task == TrainingTask.Regression ? cursor.GetGetter<float>(labelCol) : null;
            var getFlag = task == TrainingTask.Binary ? cursor.GetGetter<bool>(labelCol) : null;
            var getKey = multiclass ? cursor.GetGetter<uint>(labelCol) : null;
            VBuffer<float> vector = default;
            float target = 0;
            bool flag = false;
            uint key = 0;
            while (cursor.MoveNext())
            {
                if ((rows + 1L) * dimension > features.Length)
                {
                    long grown = Math.Min((long)Math.Max(16, rows * 2) * dimension, Array.MaxLength);
                    if (grown < (rows + 1L) * dimension) throw new InvalidOperationException($"{role} data is too large to hold in memory ({rows} rows × {dimension} features).");
                    var bigger = new float[grown];
                    Array.Copy(features, bigger, (long)rows * dimension);
                    features = bigger;
                    if (targets is not null) Array.Resize(ref targets, (int)(grown / dimension));
                    if (classes is not null) Array.Resize(ref classes, (int)(grown / dimension));
                }
                var destination = features.AsSpan(rows * dimension, dimension);
                getVector(ref vector);
                vector.CopyTo(destination);
                int bad = IndexOfNonFinite(destination);
                if (bad >= 0) throw NonFinite(data.Schema, featureColumn, bad, rows, destination[bad], role);
                if (getTarget is not null)
                {
                    getTarget(ref target);
                    if (!float.IsFinite(target))
                        throw new InvalidDataException($"{role} row {rows}: label '{labelColumn}' is {target}. Remove rows with a missing label (mlContext.Data.FilterRowsByMissingValues) before training.");
                    targets![rows] = target;
                }
                else if (getFlag is not null)
                {
                    // ML.NET's Boolean has no missing value, so every row has a label here.
                    getFlag(ref flag);
                    targets![rows] = flag ? 1f : 0f;
                }
                else
                {
                    getKey!(ref key);
                    if (key == 0 || key > classCount)
                        throw new InvalidDataException($"{role} row {rows}: label '{labelColumn}' is {(key == 0 ? "missing (a value the key mapping did not know)" : $"key {key}, outside 1..{classCount}")}. Remove such rows or fit MapValueToKey on data that contains every class.");
                    classes![rows] = key - 1;
                }
                rows++;
            }
        }
        if (rows == 0) throw new InvalidDataException($"{role} data has no rows.");
        if ((long)rows * dimension != features.Length) Array.Resize(ref features, rows * dimension);
        if (targets is not null && targets.Length != rows) Array.Resize(ref targets, rows);
        if (classes is not null && classes.Length != rows) Array.Resize(ref classes, rows);
        return new TrainingData(features, rows, dimension, targets, classes);
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order (early stopping's held-out split).</summary>
    public TrainingData Subset(IReadOnlyList<int> indices)
    {
        var features = new float[(long)indices.Count * Dimension];
        var targets = Targets is null ? null : new float[indices.Count];
        var classes = Classes is null ? null : new long[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            int row = indices[i];
            Array.Copy(Features, (long)row * Dimension, features, (long)i * Dimension, Dimension);
            if (targets is not null) targets[i] = Targets![row];
            if (classes is not null) classes[i] = Classes![row];
        }
        return new TrainingData(features, indices.Count, Dimension, targets, classes);
    }

    /// <summary>Index of the first NaN or ±Infinity, or −1. Vectorised: x − x is 0 exactly for finite x.</summary>
    internal static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int width = System.Numerics.Vector<float>.Count;
            for (; i <= values.Length - width; i += width)
            {
                var v = new System.Numerics.Vector<float>(values.Slice(i, width));
                if (!System.Numerics.Vector.EqualsAll(v - v, System.Numerics.Vector<float>.Zero)) break;
            }
        }
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private static InvalidDataException NonFinite(DataViewSchema schema, string featureColumn, int slot, int row, float value, string role)
    {
        string where = $"column '{featureColumn}'";
        var column = schema[featureColumn];
        if (column.Type is VectorDataViewType)
        {
            where += $", slot {slot}";
            if (column.HasSlotNames())
            {
                VBuffer<ReadOnlyMemory<char>> names = default;
                column.GetSlotNames(ref names);
                var name = names.GetItemOrDefault(slot).ToString();
                if (name.Length > 0) where += $" ('{name}')";
            }
        }
        return new InvalidDataException(
            $"{role} row {row}: feature {where} is {value}. Neural networks cannot train on NaN or infinite inputs: " +
            "fill missing values first with mlContext.Transforms.FillNaMean(...) (or ReplaceMissingValues), and clip or drop infinite values.");
    }
}
