using Spectre.Console;

namespace DiveML.Samples.Cli;

/// <summary>A Spectre.Console progress bar on standard error: step, bar, percentage, elapsed time and ETA.</summary>
public sealed class BarProgress : IProgressScope
{
    private readonly ProgressContext _context;
    private readonly ProgressTask _task;
    private readonly IAnsiConsole _console;
    private readonly TextWriter? _output;
    private string _status;

    private BarProgress(ProgressContext context, string status, double total, IAnsiConsole console, TextWriter? output)
    {
        _context = context;
        _status = status;
        _task = context.AddTask(Markup.Escape(status), autoStart: true, maxValue: total);
        _console = console;
        _output = output;
        context.Refresh(); // drawn at once, not at the first timer tick
    }

    /// <summary>A console on <paramref name="error"/>: detected capabilities for a real terminal, or forced ones (tests) so the bar is drawn anyway.</summary>
    public static IAnsiConsole CreateConsole(TextWriter error, bool detect) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(error),
        Ansi = detect ? AnsiSupport.Detect : AnsiSupport.Yes,
        Interactive = detect ? InteractionSupport.Detect : InteractionSupport.Yes,
    });

    /// <summary>
    /// Runs <paramref name="work"/> under a bar of <paramref name="total"/> units. Result lines go to
    /// <paramref name="output"/>, or through the console when <paramref name="output"/> is null (standard output is the
    /// same terminal: writing past Spectre would tear the bar, writing through it puts the lines above the bar).
    /// </summary>
    public static T Run<T>(IAnsiConsole console, TextWriter? output, double total, string status, Func<IProgressScope, T> work)
    {
        // Spectre hides the cursor while the bar is live; Ctrl+C ends the process without Spectre's clean-up, so show it here.
        ConsoleCancelEventHandler showCursor = (_, _) => console.Cursor.Show(true);
        Console.CancelKeyPress += showCursor;
        try
        {
            return console.Progress()
                .AutoClear(true) // the result lines stay; the bar goes once the run is over
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context => work(new BarProgress(context, status, total, console, output)));
        }
        finally
        {
            Console.CancelKeyPress -= showCursor;
        }
    }

    public void Report(double done, string status)
    {
        _task.Value = Math.Min(done, _task.MaxValue);
        if (status == _status) return; // the timer redraws the bar; a new step is drawn at once, however short it is
        _status = status;
        _task.Description = Markup.Escape(status);
        _context.Refresh();
    }

    public void WriteLine(string line)
    {
        if (_output is null) _console.WriteLine(line);
        else _output.WriteLine(line);
    }
}
