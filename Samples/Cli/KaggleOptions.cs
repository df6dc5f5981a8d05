using System.CommandLine;
using System.CommandLine.Parsing;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Kaggle;
using DiveML.Samples.Commands;

namespace DiveML.Samples.Cli;

/// <summary>
/// The options of <c>dive kaggle</c> that are about the task rather than the networks: --task, --metric, --drop,
/// --models/--model, --oof, --fold-average and --submission (shared with <c>dive predict</c>). Everything that can be
/// judged from the command line alone is judged at parse time (exit 2); what needs the data (an auto task, a column
/// name) is judged right after the files are read, before any training.
/// </summary>
public sealed class KaggleOptions
{
    private static readonly IReadOnlyList<string> Tasks = ["auto", "regression", "binary", "multiclass"];

    public KaggleOptions()
    {
        Task = CliOptions.Choice("--task", "what to predict; auto: binary for a label with two distinct values, multiclass for other text or " +
            "True/False labels and integer ones with at most 10 values, else regression ('classification' means multiclass)", Tasks, "auto",
            new Dictionary<string, string> { ["classification"] = "multiclass" });
        Metric = CliOptions.Choice("--metric", CliOptions.WithDefault("the metric that ranks models: regression rmse, log_rmse (Kaggle's " +
            "house-prices metric), mae, r2; binary auc, accuracy, f1, log_loss; multiclass accuracy, macro_accuracy, macro_f1, log_loss",
            "rmse, auc, accuracy"), CrossValidationMetrics.AllNames);
        Metric.HelpName = "NAME";
        Drop = CliOptions.NameList("--drop", "COL[,COL…]", "columns never used as features (e.g. Name,Ticket), of the training or the test file; the id column never is either");
        Models = CliOptions.ChoiceList("--models", CliOptions.WithDefault(
            $"models to cross-validate on the same folds and rank, from {string.Join(", ", KaggleModels.Names)}; the best makes the submission",
            "linear for regression, logistic for binary, softmax for multiclass"), KaggleModels.Names);
        Models.HelpName = "M1,M2";
        Model = CliOptions.Choice("--model", "one model: the same as --models with one name", KaggleModels.Names);
        Model.HelpName = "MODEL";
        OutOfFold = CliOptions.Text("--oof", "FILE.csv", "also write every training row's out-of-fold prediction: <id>,<prediction…>,fold (as --submission)");
        FoldAverage = CliOptions.Flag("--fold-average", "predict the test file with the mean of the fold models (probabilities, or values in label units) instead of a refit on all rows");
        Submission = SubmissionOption();
    }

    public Option<string> Task { get; }
    public Option<string> Metric { get; }
    public Option<string[]?> Drop { get; }
    public Option<string[]?> Models { get; }
    public Option<string> Model { get; }
    public Option<string> OutOfFold { get; }
    public Option<bool> FoldAverage { get; }
    public Option<string> Submission { get; }

    /// <summary>Every option, in help order.</summary>
    public IEnumerable<Option> All => [Task, Metric, Drop, Models, Model, OutOfFold, FoldAverage, Submission];

    /// <summary>--submission labels|proba, for <c>dive kaggle</c> and <c>dive predict</c>.</summary>
    public static Option<string> SubmissionOption() => CliOptions.Choice("--submission",
        "labels: the predicted value or class; proba (classification): binary, one column named after the label with the probability " +
        "of the positive class; multiclass, one column per class, in the class order of the training file", ["labels", "proba"], "labels");

    /// <summary>The format <paramref name="text"/> (a value of <see cref="SubmissionOption"/>) names.</summary>
    public static SubmissionFormat Format(string text) => text == "proba" ? SubmissionFormat.Probabilities : SubmissionFormat.Labels;

    /// <summary>The task a --task value names.</summary>
    public static TabularTask ParseTask(string text) => text switch
    {
        "regression" => TabularTask.Regression,
        "binary" => TabularTask.Binary,
        "multiclass" => TabularTask.Multiclass,
        _ => TabularTask.Auto,
    };

    /// <summary>The models typed with --models or --model; empty when neither was given (the task's default then).</summary>
    public IReadOnlyList<string> TypedModels(CommandResult result)
        => Typed(result, Models) is { } list ? list : Typed(result, Model) is { Length: > 0 } one ? [one] : [];

    /// <summary>
    /// The option's value when it was typed and its text is valid, else default: a refused text is already reported by
    /// the option's own parser, and cross-option checks must not report it twice (or stop on it).
    /// </summary>
    private static T? Typed<T>(CommandResult result, Option<T> option)
    {
        if (!TrainerOptions.Given(result, option)) return default;
        try
        {
            return result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>Adds the options and the checks that need several of them (and the trainer options, and --log-target) to <paramref name="command"/>.</summary>
    public void AddTo(Command command, TrainerOptions trainer, Option<bool> logTarget)
    {
        foreach (var option in All) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (TrainerOptions.Given(result, Models) && TrainerOptions.Given(result, Model))
                result.AddError("--model and --models both name the models: give one of them.");
            var models = TypedModels(result);
            // Trainer options shape networks; with only ML.NET trainers they would be silently ignored.
            if (models.Count > 0 && !models.Any(KaggleModels.IsNetwork))
            {
                var given = trainer.NetworkOnly.Where(o => TrainerOptions.Given(result, o)).Select(o => o.Name).ToList();
                if (given.Count > 0)
                    result.AddError($"{string.Join(", ", given)} appl{(given.Count == 1 ? "ies" : "y")} to the networks ({string.Join(", ", KaggleModels.Names.Where(KaggleModels.IsNetwork))}); " +
                        $"--models {string.Join(",", models)} has none.");
            }
            var task = ParseTask(Typed(result, Task) ?? "auto");
            if (task == TabularTask.Auto) return; // judged once the label is read
            foreach (var problem in Problems(task, Typed(result, Metric), models, Typed(result, Submission) == "proba", TrainerOptions.Given(result, logTarget)))
                result.AddError(problem);
        });
    }

    /// <summary>
    /// What the options ask that <paramref name="task"/> cannot do: a metric of another task, a model of another task,
    /// probabilities or a log target for the wrong kind of task. Checked at parse time for an explicit --task and right
    /// after loading for --task auto.
    /// </summary>
    public static IEnumerable<string> Problems(TabularTask task, string? metric, IReadOnlyList<string> models, bool probabilities, bool logTarget)
    {
        var cvTask = task switch { TabularTask.Regression => CrossValidationTask.Regression, TabularTask.Binary => CrossValidationTask.Binary, _ => CrossValidationTask.Multiclass };
        if (metric is not null && CrossValidationMetrics.Problem(metric, cvTask) is { } metricProblem)
            yield return $"--metric {metricProblem}";
        foreach (var model in models)
            if (KaggleModels.Problem(model, task) is { } modelProblem) yield return modelProblem;
        if (probabilities && task == TabularTask.Regression) yield return "--submission proba applies to classification; a regression submission holds the predicted values.";
        if (logTarget && task != TabularTask.Regression) yield return "--log-target applies to regression only.";
    }
}
