namespace DiveML.Samples.Cli;

/// <summary>Progress without a terminal: only the result lines, exactly as they were before progress bars existed.</summary>
public sealed class LineProgress(TextWriter output) : IProgressScope
{
    public void Report(double done, string status) { }

    public void WriteLine(string line) => output.WriteLine(line);
}
