using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DiveML.Trainers;

/// <summary>
/// Jobs 0 … n − 1 on at most a given number of threads, taken in order, with failures reported as a sequential loop
/// would report them: the exception of the lowest failing job, rethrown as it was thrown (not wrapped in an
/// <see cref="AggregateException"/>), once the jobs already started are done. Jobs not started when a failure is
/// noticed are skipped (one may still start while it is being noticed; it changes nothing but the time).
/// </summary>
internal static class OrderedParallel
{
    public static void For(int jobs, int threads, Action<int> run)
    {
        if (threads <= 1 || jobs <= 1)
        {
            for (int job = 0; job < jobs; job++) run(job);
            return;
        }
        var errors = new ExceptionDispatchInfo?[jobs];
        var order = Partitioner.Create(Enumerable.Range(0, jobs), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = threads }, (job, loop) =>
        {
            try
            {
                run(job);
            }
            catch (Exception e)
            {
                errors[job] = ExceptionDispatchInfo.Capture(e);
                loop.Stop();
            }
        });
        errors.FirstOrDefault(e => e is not null)?.Throw();
    }
}
