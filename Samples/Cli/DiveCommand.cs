using System.CommandLine;

namespace DiveML.Samples.Cli;

/// <summary>
/// A <c>./dive</c> command: <paramref name="summary"/> is the one line of <c>./dive --help</c>; <paramref name="notes"/>
/// (defaults per model, recipes) are printed after the options by <c>./dive COMMAND --help</c>.
/// </summary>
public sealed class DiveCommand(string name, string summary, string? notes = null) : Command(name, summary)
{
    public string? Notes { get; } = notes;
}
