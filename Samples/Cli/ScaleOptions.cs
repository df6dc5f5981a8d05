using System.CommandLine;
using DiveML.Extensions.Scale;

namespace DiveML.Samples.Cli;

/// <summary>
/// <c>--workers N</c>, <c>--cluster redis://HOST:PORT</c> and <c>--fresh</c>: where the folds and candidates of a
/// cross-validation run are fitted (docs/scale-out.md); <c>--torch-threads T</c> (<see cref="TrainerOptions"/>) also
/// sets the threads of each local worker. Without the first two the run stays in this process,
/// as it always was, and Orleans is never loaded.
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
        Fresh = CliOptions.Flag("--fresh", "with --workers or --cluster: ignore the results stored by an earlier run of the same command and fit everything again");
    }

    public Option<int?> Workers { get; }
    public Option<string> Cluster { get; }
    public Option<bool> Fresh { get; }

    /// <summary>Every option, in help order.</summary>
    public IEnumerable<Option> All => [Workers, Cluster, Fresh];

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
            if (workers && !cluster && TrainerOptions.Token(result, Workers) == "0")
                result.AddError("--workers 0 leaves nobody to fit the folds: give at least 1, or --cluster with workers started elsewhere.");
        });
    }

    /// <summary>Whether the command line asks for worker processes or a cluster.</summary>
    public bool ScalesOut(ParseResult parse) => parse.ValueIfGiven(Workers) is not null || parse.ValueIfGiven(Cluster) is not null;
}
