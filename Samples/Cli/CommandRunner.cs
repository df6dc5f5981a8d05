using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text.RegularExpressions;
using DiveML.Samples.Commands;

namespace DiveML.Samples.Cli;

/// <summary>
/// <c>./dive COMMAND [options]</c>: System.CommandLine parses, validates and writes help; this class turns every
/// failure into one line on standard error and an exit code (<see cref="ExitCodes"/>), never a stack trace.
/// </summary>
public static partial class CommandRunner
{
    /// <summary>The command names, in the order of <c>./dive --help</c>.</summary>
    public static IReadOnlyList<string> Commands { get; } =
        CreateRoot(new CliContext(TextWriter.Null, TextWriter.Null, ProgressStyle.Lines)).Subcommands.Select(c => c.Name).ToArray();

    public static RootCommand CreateRoot(CliContext cli)
    {
        var root = new RootCommand("DiveML — Dive into Deep Learning workflows on ML.NET + TorchSharp. './dive COMMAND --help' gives a command's options.")
        {
            HelpName = "./dive",
        };
        root.Subcommands.Add(AllCommand.Create(cli));
        root.Subcommands.Add(DataCommand.Create(cli));
        root.Subcommands.Add(PreprocessCommand.Create(cli));
        root.Subcommands.Add(ApplyCommand.Create(cli));
        root.Subcommands.Add(LinregCommand.Create(cli));
        root.Subcommands.Add(FashionMnistCommand.Create(cli));
        root.Subcommands.Add(KaggleCommand.Create(cli));
        root.Subcommands.Add(WorkerCommand.Create(cli));
        root.Subcommands.Add(PredictCommand.Create(cli));
        root.Subcommands.Add(BenchCommand.Create(cli));
        root.Subcommands.Add(EnvCommand.Create(cli));
        // One help option serves every command (it is recursive): ours adds each command's notes after the options.
        root.Options.OfType<HelpOption>().Single().Action = new DiveHelpAction();
        return root;
    }

    /// <summary>Runs a command line with the console's progress display (a bar on an interactive terminal).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, ProgressStyle.Auto);

    public static int Run(string[] args, TextWriter output, TextWriter error, ProgressStyle progress)
    {
        var cli = new CliContext(output, error, progress);
        return Run(CreateRoot(cli), args, cli);
    }

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the command (tests pass a root of their own).</summary>
    public static int Run(RootCommand root, string[] args, CliContext cli)
    {
        var invocation = new InvocationConfiguration { Output = cli.Out, Error = cli.Error, EnableDefaultExceptionHandler = false };
        if (args is [] or ["help"])
        {
            root.Parse(["--help"]).Invoke(invocation);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success; // a bare ./dive is a command line missing its command
        }
        var parse = root.Parse(args);
        var name = CommandPath(parse.CommandResult);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var line in UsageErrors.Describe(parse, $"./{name} --help")) cli.Error.WriteLine($"{name}: {line}");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(invocation);
        }
        catch (Exception e)
        {
            return Report(name, Unwrap(e), cli.Error);
        }
    }

    private static int Report(string name, Exception e, TextWriter error)
    {
        if (e is UsageException)
        {
            error.WriteLine($"{name}: {OneLine(e)}");
            return ExitCodes.Usage;
        }
        if (IsUserFacing(e))
        {
            error.WriteLine($"{name}: {OneLine(e)}");
            return ExitCodes.Failure;
        }
        error.WriteLine($"{name}: unexpected {e.GetType().Name}: {OneLine(e)} This is a bug in dive: please report it with the " +
            "command line (set DIVE_TRACE=1 to print the stack trace).");
        if (Environment.GetEnvironmentVariable("DIVE_TRACE") == "1") error.WriteLine(e);
        return ExitCodes.Bug;
    }

    /// <summary>
    /// The message on one line, without what .NET appends for programmers: " (Parameter 'folds')" names a C# parameter,
    /// not an option — also where a library copied another exception's message into its own (ML.NET's "(Parameter
    /// 'inputSchema')") —, and "Actual value was 5." repeats what the message says.
    /// </summary>
    private static string OneLine(Exception e)
    {
        var text = UserTerms.Parameter().Replace(e.Message, "");
        if (e is ArgumentOutOfRangeException { ActualValue: not null }) text = UserTerms.ActualValue().Replace(text, "");
        return text.ReplaceLineEndings(" ").Trim();
    }


    /// <summary>
    /// Errors whose message already says what is wrong and what to do. DiveML's own exceptions (TrainingDivergedException,
    /// CsvFormatException, TorchUnavailableException…) derive from these; any other DiveML type counts too.
    /// </summary>
    private static bool IsUserFacing(Exception e) => e is FormatException or IOException or InvalidDataException
        or ArgumentException or InvalidOperationException or UnauthorizedAccessException
        || e.GetType().Namespace?.StartsWith("DiveML.", StringComparison.Ordinal) == true;

    /// <summary>The exception that says what happened, not the wrapper a reflection call or a parallel loop put around it.</summary>
    private static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        TypeInitializationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };

    /// <summary>"dive", "dive kaggle", "dive bench train": the prefix of every message, as the user typed the command.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r.Parent is CommandResult parent; r = parent) names.Insert(0, r.Command.Name);
        return string.Join(' ', names.Prepend("dive"));
    }
}
