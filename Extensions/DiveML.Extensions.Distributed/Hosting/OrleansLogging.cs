using Microsoft.Extensions.Logging;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// What Orleans may print: nothing by default (a run's progress is DiveML's own lines, and Orleans logs a warning for
/// every connection a killed worker drops), everything from Warning up on standard error with <c>DIVE_TRACE=1</c>.
/// </summary>
internal static class OrleansLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("DIVE_TRACE") != "1") return;
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.AddFilter("DiveML", LogLevel.Information);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
