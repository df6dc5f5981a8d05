namespace DiveML.Extensions.Kaggle;

/// <summary>
/// The names of the columns <see cref="TabularPipeline"/> adds to the user's data: the prepared label, the regression
/// target in the label's units, the feature vector and the prediction in the label's terms. Each is its usual ML.NET
/// name (<c>Label</c>, <c>Target</c>, <c>Features</c>, <c>Prediction</c>) unless the user's files have a column of that
/// name, which would otherwise be shadowed (a feature called <c>Target</c> replaced by the label, a cv-report of NaN):
/// then it is that name with the first free suffix (<c>Target_1</c>, <c>Target_2</c>, …). The user's columns keep their
/// names everywhere, in messages, reports, submissions and the saved model's input.
/// </summary>
/// <remarks>
/// ML.NET's trainers add <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c> under fixed names. They are added
/// after the features were read into the feature vector, so a user column of such a name is hidden in the scored
/// output only, where nothing reads it; ids are read from the unscored rows.
/// </remarks>
/// <param name="Label">The label the trainers learn: regression the target (or its log), binary a Boolean, multiclass a key.</param>
/// <param name="Target">Regression: the label in its own units, as Single (what the metrics compare predictions with).</param>
/// <param name="Features">The feature vector the featurizer builds.</param>
/// <param name="Prediction">The prediction in the label's terms (a number, or the class as written in the training file).</param>
public sealed record TabularColumns(string Label, string Target, string Features, string Prediction)
{
    /// <summary>The usual names, for files that have none of them.</summary>
    public static TabularColumns Default { get; } = new("Label", "Target", "Features", "Prediction");

    /// <summary>Names that none of <paramref name="taken"/> (the files' column names) is.</summary>
    /// <param name="taken">Every column name of the training and test files.</param>
    public static TabularColumns Avoiding(IEnumerable<string> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var used = new HashSet<string>(taken, StringComparer.Ordinal);
        string Free(string name)
        {
            var chosen = name;
            for (int n = 1; used.Contains(chosen); n++) chosen = $"{name}_{n}";
            used.Add(chosen);
            return chosen;
        }
        return new TabularColumns(Free(Default.Label), Free(Default.Target), Free(Default.Features), Free(Default.Prediction));
    }
}
