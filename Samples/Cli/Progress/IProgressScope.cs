namespace DiveML.Samples.Cli;

/// <summary>What a command tells the progress display while a long run is under way.</summary>
public interface IProgressScope
{
    /// <summary>Moves the bar to <paramref name="done"/> (in the run's units, e.g. epochs) and names the step now under way ("fold 3/5").</summary>
    void Report(double done, string status);

    /// <summary>Writes a result line (a fold's or an epoch's metrics) to standard output, above the bar when one is drawn.</summary>
    void WriteLine(string line);
}
