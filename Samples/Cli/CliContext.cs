namespace DiveML.Samples.Cli;

/// <summary>Where a command writes (the console, or a test's writers) and how it shows the progress of long runs.</summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, ProgressStyle progress)
    {
        Out = output;
        Error = error;
        Progress = progress == ProgressStyle.Auto ? (IsInteractiveStandardError(error) ? ProgressStyle.Bar : ProgressStyle.Lines) : progress;
    }

    /// <summary>Results: the lines scripts and tests read ("wrote PATH", metrics).</summary>
    public TextWriter Out { get; }

    /// <summary>Warnings, errors and the progress bar.</summary>
    public TextWriter Error { get; }

    /// <summary><see cref="ProgressStyle.Lines"/> or <see cref="ProgressStyle.Bar"/>, never Auto.</summary>
    public ProgressStyle Progress { get; }

    /// <summary>Runs another command line in this process, with these writers (e.g. the steps of <c>dive all</c>).</summary>
    public int Run(string[] args) => CommandRunner.Run(args, Out, Error, Progress);

    /// <summary>Runs a long job of <paramref name="total"/> units that reports through an <see cref="IProgressScope"/>.</summary>
    public T WithProgress<T>(double total, string status, Func<IProgressScope, T> work)
    {
        if (Progress == ProgressStyle.Lines) return work(new LineProgress(Out));
        bool detect = ReferenceEquals(Error, Console.Error);
        bool outputIsSameTerminal = ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected;
        return BarProgress.Run(BarProgress.CreateConsole(Error, detect), outputIsSameTerminal ? null : Out, total, status, work);
    }

    /// <summary>A bar only where someone watches: the process's own standard error, not redirected, on an interactive terminal (not CI).</summary>
    private static bool IsInteractiveStandardError(TextWriter error)
        => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && BarProgress.CreateConsole(error, detect: true).Profile.Capabilities.Interactive;
}
