using TorchSharp;

namespace DiveML.Trainers;

/// <summary>
/// How many threads libtorch uses for one operation while DiveML trains, and how they wait. libtorch's OpenMP threads
/// spin while they wait for work; on the small networks of tabular data every operation is tiny, so two spinning threads
/// cost more than they gain — and on a busy machine a spinning thread that has lost its core stalls the other one
/// (docs/benchmarks.md, "Threads"). So by default a network below <see cref="SmallNetworkThreshold"/> multiply-adds per
/// minibatch trains on one thread, a larger one on every core, and idle threads wait passively.
/// </summary>
public static class TorchThreads
{
    /// <summary>
    /// Multiply-adds of one forward pass over a minibatch (Σ inputs × outputs of the linear layers × batch size) below
    /// which a network trains on one thread: 32 million, between the house-prices MLP (331 → 256 → 1, batch 256: 22
    /// million) and d2l's Fashion-MNIST MLP (784 → 256 → 10, batch 256: 52 million).
    /// </summary>
    public const long SmallNetworkThreshold = 32_000_000;

    /// <summary>
    /// Sets OpenMP's wait policy to passive (threads sleep instead of spinning while idle) unless the environment already
    /// chose one. OpenMP reads it once, when libtorch is loaded, so DiveML calls this before its first use of TorchSharp;
    /// an application that uses TorchSharp before any DiveML trainer can call it first, or set <c>OMP_WAIT_POLICY</c>.
    /// </summary>
    public static void PreferPassiveWaiting() => NativeEnvironment.SetUnlessChosen("OMP_WAIT_POLICY", "PASSIVE");

    // What a larger network gets when its options do not say: every core, unless the process was given fewer
    // (TorchRuntime.SetThreads: a worker process that shares the machine with others).
    private static int processThreads = Environment.ProcessorCount;

    /// <summary>Caps the threads of fits that do not set <see cref="TorchTrainerOptions.Threads"/> (<see cref="TorchRuntime.SetThreads"/>).</summary>
    internal static void SetProcessThreads(int threads) => processThreads = threads;

    // A cap for the fits started from one flow of work (Limit): the folds of a cross-validation fitted at once share
    // the cores without changing the process for anything else that runs in it.
    private static readonly AsyncLocal<int?> FlowLimit = new();

    /// <summary>
    /// The thread count a fit uses: <paramref name="requested"/> when given, else one for a small network, else every
    /// core — or the count given to <see cref="TorchRuntime.SetThreads"/>, or a <see cref="Limit"/> in effect, if lower.
    /// </summary>
    /// <param name="requested">The trainer's <see cref="TorchTrainerOptions.Threads"/>.</param>
    /// <param name="multiplyAddsPerBatch">Σ inputs × outputs of the network's linear layers × the batch size.</param>
    public static int Choose(int? requested, long multiplyAddsPerBatch)
        => requested ?? (multiplyAddsPerBatch < SmallNetworkThreshold ? 1 : Math.Min(processThreads, FlowLimit.Value ?? int.MaxValue));

    /// <summary>
    /// How many members of an ensemble, each on <paramref name="threadsPerMember"/> threads, train their epoch at once:
    /// as many as the cores a large network would get here (every core, the process's cap or a <see cref="Limit"/>)
    /// hold, at least 1, at most <paramref name="members"/>.
    /// </summary>
    internal static int MembersAtOnce(int threadsPerMember, int members)
        => Math.Clamp(Math.Min(processThreads, FlowLimit.Value ?? int.MaxValue) / Math.Max(1, threadsPerMember), 1, Math.Max(1, members));

    /// <summary>
    /// Caps at <paramref name="threads"/> the threads of the fits that the calling code starts until the result is
    /// disposed — on this thread and on the tasks and parallel loops it starts (an <see cref="AsyncLocal{T}"/>), not
    /// elsewhere in the process — when their options do not set <see cref="TorchTrainerOptions.Threads"/>. Nested
    /// limits keep the lower one. <c>CrossValidator</c> sets it to cores ÷ folds at once.
    /// </summary>
    /// <param name="threads">At least 1.</param>
    public static IDisposable Limit(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var previous = FlowLimit.Value;
        FlowLimit.Value = previous is int outer ? Math.Min(outer, threads) : threads;
        return new Restore(previous);
    }

    private sealed class Restore(int? previous) : IDisposable
    {
        public void Dispose() => FlowLimit.Value = previous;
    }

    /// <summary>Σ inputs × outputs of the linear layers of <paramref name="network"/> (one row's forward multiply-adds).</summary>
    internal static long MultiplyAdds(torch.nn.Module network)
        => network.modules().OfType<TorchSharp.Modules.Linear>().Sum(l => l.in_features * l.out_features);

    /// <summary>Runs <paramref name="train"/> with libtorch set to <paramref name="threads"/> threads, then restores the previous count.</summary>
    internal static T With<T>(int threads, Func<T> train)
    {
        int previous = torch.get_num_threads();
        if (previous == threads) return train();
        torch.set_num_threads(threads);
        try
        {
            return train();
        }
        finally
        {
            torch.set_num_threads(previous);
        }
    }
}
