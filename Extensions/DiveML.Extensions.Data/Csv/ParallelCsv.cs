using System.Runtime.ExceptionServices;

namespace DiveML.Extensions.Data;

/// <summary>Runs CSV work in parallel but reports failures as a sequential reader would: the earliest line, unwrapped.</summary>
internal static class ParallelCsv
{
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e)
        {
            var first = e.InnerExceptions.OfType<CsvFormatException>().OrderBy(x => x.Line).FirstOrDefault();
            ExceptionDispatchInfo.Capture(first ?? e.InnerExceptions[0]).Throw();
        }
    }
}
