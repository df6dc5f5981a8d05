namespace DiveML.Samples.Cli;

/// <summary>One <c>./dive</c> command.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line for <c>./dive --help</c>.</summary>
    string Summary { get; }

    /// <summary>The command's full usage text.</summary>
    string Usage { get; }

    /// <summary>Runs the command; returns the process exit code.</summary>
    int Run(CommandArgs args);
}
