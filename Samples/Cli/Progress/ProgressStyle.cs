namespace DiveML.Samples.Cli;

/// <summary>How long runs (folds, candidates, epochs) report progress.</summary>
public enum ProgressStyle
{
    /// <summary><see cref="Bar"/> when standard error is an interactive terminal, <see cref="Lines"/> otherwise.</summary>
    Auto,
    /// <summary>One plain line per step on standard output: for logs, pipes, CI and tests.</summary>
    Lines,
    /// <summary>The same lines plus a live Spectre.Console bar with elapsed time and ETA on standard error.</summary>
    Bar,
}
