using System.CommandLine;
using DiveML.Extensions.Scale;

namespace DiveML.Samples.Cli;

/// <summary>
/// <c>--workers N</c>, <c>--cluster redis://HOST:PORT</c> and <c>--fresh</c>: where the folds and candidates of a
/// cross-validation run are fitted (docs/scale-out.md); <c>--torch-threads T</c> (<see cref="TrainerOptions"/>) also
/// sets the threads of each local worker. Without the first two the run stays in this process, and Orleans is never
/// loaded; <c>--parallel-folds N</c> says how many folds it fits at once there.
/// </summary>
public sealed class ScaleOptions
{
    public ScaleOptions()
    {
        Workers = CliOptions.OptionalInt("--workers", "N", CliOptions.WithDefault(
            "fit the folds and candidates in N worker processes on this machine (each unit once, even if a worker dies); " +
            "re-running the command resumes from the stored results", "in this process"), 0, 256);
        Cluster = CliOptions.Text("--cluster", "redis://HOST:PORT", "fit them on a cluster: every machine running 'dive worker --cluster' " +
            "with the same Redis (results are kept in Redis; with --workers N this machine also starts N workers)");
        ParallelFolds = CliOptions.OptionalInt("--parallel-folds", "N", CliOptions.WithDefault(
            "fit N folds at once in this process, each on its own thread (small networks give the same report for any N; a network " +
            "of 32M+ multiply-adds per minibatch gets cores/N threads, which can round differently: give --torch-threads for reports that repeat across N)",
            "one per core, at most --folds, when every model is a network; else 1"), 1, 256);
        Fresh = CliOptions.Flag("--fresh", "with --workers or --cluster: ignore the results stored by an earlier run of the same command and fit everything again");
    }

    public Option<int?> Workers { get; }
    public Option<string> Cluster { get; }
    public Option<bool> Fresh { get; }
    public Option<int?> ParallelFolds { get; }

    /// <summary>Every option, in help order.</summary>
    public IEnumerable<Option> All => [Workers, Cluster, Fresh, ParallelFolds];

    /// <summary>Adds the options and their checks to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            bool workers = TrainerOptions.Given(result, Workers), cluster = TrainerOptions.Given(result, Cluster);
            if (TrainerOptions.Given(result, Fresh) && !workers && !cluster)
                result.AddError("--fresh applies with --workers or --cluster: a run in this process stores nothing to resume.");
            if (cluster && TrainerOptions.Token(result, Cluster) is { } address)
            {
                try
                {
                    ClusterAddress.Parse(address);
                }
                catch (ArgumentException e)
                {
                    result.AddError(e.Message);
                }
            }
            if (TrainerOptions.Given(result, ParallelFolds) && (workers || cluster))
                result.AddError("--parallel-folds applies to a run in this process; with --workers or --cluster every worker fits one unit at a time: choose the number of workers instead.");
            if (workers && !cluster && TrainerOptions.Token(result, Workers) == "0")
                result.AddError("--workers 0 leaves nobody to fit the folds: give at least 1, or --cluster with workers started elsewhere.");
        });
    }

    /// <summary>
    /// How many folds a run in this process fits at once: --parallel-folds when given; else, when every model is a
    /// network, one per core (or per <paramref name="torchThreads"/> cores), at most <paramref name="folds"/>; else 1
    /// (ML.NET's trainers spread one fit over the cores themselves).
    /// </summary>
    public int FoldsAtOnce(ParseResult parse, bool networksOnly, int folds, int? torchThreads)
        => parse.ValueIfGiven(ParallelFolds)
            ?? (networksOnly ? Math.Clamp(Environment.ProcessorCount / (torchThreads ?? 1), 1, folds) : 1);

    /// <summary>Whether the command line asks for worker processes or a cluster.</summary>
    public bool ScalesOut(ParseResult parse) => parse.ValueIfGiven(Workers) is not null || parse.ValueIfGiven(Cluster) is not null;
}
