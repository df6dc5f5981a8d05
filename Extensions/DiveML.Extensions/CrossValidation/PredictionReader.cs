using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// Reads a scored view into <see cref="RowPredictions"/> with the columns <see cref="CrossValidationOptions"/> names:
/// regression the prediction column, binary <c>Probability</c>, <c>PredictedLabel</c> and <c>Score</c>, multiclass
/// <c>Score</c> (class probabilities) and <c>PredictedLabel</c>; and the label column when asked for.
/// </summary>
public static class PredictionReader
{
    /// <summary>One pass over <paramref name="scored"/>.</summary>
    /// <param name="scored">Rows transformed by a fitted model.</param>
    /// <param name="options">The task and the column names.</param>
    /// <param name="labelled">Read the label column too (false for rows without labels, such as a test file).</param>
    public static RowPredictions Read(IDataView scored, CrossValidationOptions options, bool labelled)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(options);
        return options.Task switch
        {
            CrossValidationTask.Regression => RowPredictions.ForRegression(
                CrossValidationMetrics.ReadDoubles(scored, options.PredictionColumnName).ToArray(),
                labelled ? CrossValidationMetrics.ReadDoubles(scored, options.LabelColumnName).ToArray() : null),
            CrossValidationTask.Binary => ReadBinary(scored, options, labelled),
            _ => ReadMulticlass(scored, options, labelled),
        };
    }

    private static RowPredictions ReadBinary(IDataView scored, CrossValidationOptions options, bool labelled)
    {
        var probability = Column(scored, options.ProbabilityColumnName, "a binary model's probability of the positive class (use a calibrated trainer)");
        var predicted = Column(scored, options.PredictedLabelColumnName, "a binary model's predicted label");
        var score = scored.Schema.GetColumnOrNull(options.ScoreColumnName);
        var label = labelled ? Column(scored, options.LabelColumnName, "the Boolean label") : (DataViewSchema.Column?)null;
        Expect(probability, NumberDataViewType.Single);
        Expect(predicted, BooleanDataViewType.Instance);
        if (score is { } s && s.Type != NumberDataViewType.Single) score = null;
        if (label is { } l) Expect(l, BooleanDataViewType.Instance);
        var probabilities = new List<double>();
        var predictions = new List<bool>();
        var scores = score is null ? null : new List<double>();
        var labels = label is null ? null : new List<bool>();
        var columns = new List<DataViewSchema.Column> { probability, predicted };
        if (score is { } sc) columns.Add(sc);
        if (label is { } lc) columns.Add(lc);
        using var cursor = SerialCursor.Open(scored, columns);
        var getProbability = cursor.GetGetter<float>(probability);
        var getPredicted = cursor.GetGetter<bool>(predicted);
        var getScore = score is { } scoreColumn ? cursor.GetGetter<float>(scoreColumn) : null;
        var getLabel = label is { } labelColumn ? cursor.GetGetter<bool>(labelColumn) : null;
        float p = 0, sv = 0;
        bool b = false, y = false;
        while (cursor.MoveNext())
        {
            getProbability(ref p);
            getPredicted(ref b);
            probabilities.Add(p);
            predictions.Add(b);
            if (getScore is not null) { getScore(ref sv); scores!.Add(sv); }
            if (getLabel is not null) { getLabel(ref y); labels!.Add(y); }
        }
        return RowPredictions.ForBinary(probabilities.ToArray(), predictions.ToArray(), scores?.ToArray(), labels?.ToArray());
    }

    private static RowPredictions ReadMulticlass(IDataView scored, CrossValidationOptions options, bool labelled)
    {
        var score = Column(scored, options.ScoreColumnName, "a multiclass model's class probabilities");
        var predicted = Column(scored, options.PredictedLabelColumnName, "a multiclass model's predicted label");
        var label = labelled ? Column(scored, options.LabelColumnName, "the key label") : (DataViewSchema.Column?)null;
        if (score.Type is not VectorDataViewType { ItemType: var item, Size: > 0 } || item != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{score.Name}' is {score.Type}; a multiclass model's Score is a known-size vector of Single probabilities.");
        if (predicted.Type is not KeyDataViewType)
            throw new ArgumentException($"Column '{predicted.Name}' is {predicted.Type}; a multiclass model's PredictedLabel is a key.");
        if (label is { Type: not KeyDataViewType } badLabel)
            throw new ArgumentException($"Label column '{badLabel.Name}' is {badLabel.Type}; multiclass metrics need a key label (MapValueToKey).");
        var probabilities = new List<double[]>();
        var predictions = new List<int>();
        var labels = label is null ? null : new List<int>();
        var columns = new List<DataViewSchema.Column> { score, predicted };
        if (label is { } lc) columns.Add(lc);
        using var cursor = SerialCursor.Open(scored, columns);
        var getScore = cursor.GetGetter<VBuffer<float>>(score);
        var getPredicted = cursor.GetGetter<uint>(predicted);
        var getLabel = label is { } labelColumn ? cursor.GetGetter<uint>(labelColumn) : null;
        VBuffer<float> vector = default;
        uint key = 0, truth = 0;
        while (cursor.MoveNext())
        {
            getScore(ref vector);
            getPredicted(ref key);
            probabilities.Add(vector.DenseValues().Select(v => (double)v).ToArray());
            // Key 0 means "missing"; trainers do not predict it, but if one did, the most probable class stands in (below).
            predictions.Add(key == 0 ? -1 : (int)key - 1);
            if (getLabel is not null)
            {
                getLabel(ref truth);
                if (truth == 0) throw new InvalidDataException($"A row's label '{label!.Value.Name}' is missing (a value the key mapping did not know): remove such rows before cross-validating.");
                labels!.Add((int)truth - 1);
            }
        }
        var predictedClasses = predictions.Select((c, i) => c >= 0 ? c : Array.IndexOf(probabilities[i], probabilities[i].Max())).ToArray();
        return RowPredictions.ForMulticlass(probabilities.ToArray(), predictedClasses, labels?.ToArray());
    }

    private static DataViewSchema.Column Column(IDataView data, string name, string role)
        => data.Schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The scored data has no column '{name}' ({role}). Its columns are: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}.");

    private static void Expect(DataViewSchema.Column column, DataViewType type)
    {
        if (column.Type != type) throw new ArgumentException($"Column '{column.Name}' is {column.Type}; {type} is expected here.");
    }
}
