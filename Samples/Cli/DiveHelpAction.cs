using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DiveML.Samples.Cli;

/// <summary>System.CommandLine's generated help, followed by a command's <see cref="DiveCommand.Notes"/> (defaults per model, recipes).</summary>
public sealed class DiveHelpAction : SynchronousCommandLineAction
{
    /// <summary>Help is asked for even on a command line with errors: show it rather than the errors.</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        new HelpAction { MaxWidth = Width(output) }.Invoke(parseResult);
        if (parseResult.CommandResult.Command is DiveCommand { Notes: { } notes })
        {
            output.WriteLine("Notes:");
            foreach (var line in notes.Split('\n')) output.WriteLine($"  {line.TrimEnd()}");
            output.WriteLine();
        }
        return ExitCodes.Success;
    }

    /// <summary>The terminal's width when help goes to it; a fixed width for files and pipes, so the text stays readable there too.</summary>
    private static int Width(TextWriter output)
    {
        const int Redirected = 120;
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) return Redirected;
        try { return Console.WindowWidth > 20 ? Console.WindowWidth : Redirected; }
        catch (IOException) { return Redirected; }
    }
}
