using DiveML.Samples.Commands;

namespace DiveML.Samples.Cli;

/// <summary>Dispatches <c>./dive COMMAND [options]</c> and turns expected failures into one-line errors.</summary>
public static class CommandRunner
{
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new AllCommand(),
        new DataCommand(),
        new PreprocessCommand(),
        new ApplyCommand(),
        new LinregCommand(),
        new FashionMnistCommand(),
        new KaggleCommand(),
        new PredictCommand(),
        new BenchCommand(),
    ];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            PrintHelp(output);
            return args.Length == 0 ? 2 : 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            error.WriteLine($"dive: unknown command '{args[0]}'. Run './dive --help' for the list.");
            return 2;
        }
        try
        {
            var parsed = new CommandArgs(command.Name, args.Skip(1), output, error);
            if (parsed.HelpRequested)
            {
                output.WriteLine(command.Summary);
                output.WriteLine(command.Usage);
                return 0;
            }
            return command.Run(parsed);
        }
        catch (UsageException e)
        {
            error.WriteLine($"dive {command.Name}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            error.WriteLine($"dive {command.Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>Errors whose message already says what is wrong and what to do: no stack trace.</summary>
    private static bool IsUserFacing(Exception e) => e is FormatException or IOException or InvalidDataException
        or ArgumentException or InvalidOperationException or UnauthorizedAccessException;

    private static void PrintHelp(TextWriter output)
    {
        output.WriteLine("DiveML — Dive into Deep Learning workflows on ML.NET + TorchSharp.");
        output.WriteLine();
        output.WriteLine("Usage: ./dive COMMAND [options]      (./dive COMMAND --help for a command's options)");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var c in Commands) output.WriteLine($"  {c.Name,-15} {c.Summary}");
    }
}
