using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// d2l's training loop (train_ch3) over preloaded tensors: every epoch shuffles row indices and slices minibatches;
/// loss and metric are accumulated as d2l does; every batch's loss is checked after the epoch, and the first that is not
/// finite is reported.
/// </summary>
internal static class TorchTraining
{
    // libtorch's global generator drives initialisation (and nn.Dropout): held while a fit makes its networks, and for
    // the whole of a fit that draws from it while training, so seeded runs repeat exactly (decisions D9).
    internal static readonly object Gate = new();

    public static TrainingOutcome Train(TorchTrainerOptions options, TrainingData train, TrainingData? validation, int outputs, TrainingTask task)
    {
        TorchRuntime.EnsureAvailable();
        var device = ResolveDevice(options.Device);
        int seed = options.Seed ?? Random.Shared.Next();
        // Early stopping trains on the rows it does not hold out; ValidationData (curves) is never used to decide.
        TrainingData fit = train, heldOut = null!;
        int[]? heldOutRows = null;
        if (options.EarlyStopping is { } stopping)
        {
            var (fitRows, held) = EarlyStoppingSplit.Split(train, stopping, seed, task);
            (fit, heldOut, heldOutRows) = (train.Subset(fitRows), train.Subset(held), held);
        }
        // Initialisation draws from libtorch's global generator, and so does nn.Dropout while training: the gate is held
        // while members are made and, when the network draws from the global generator in training (a module of the
        // user's, nn.Dropout, or any network on a GPU), for the whole fit. Other fits leave it once their members exist
        // (DiveML's own dropout draws from a generator per member), so folds can train at once
        // (CrossValidationOptions.ParallelFolds) and still give exactly the numbers they give one at a time (D9).
        bool gated = false;
        var generators = new List<MemberGenerator?>();
        var streams = new List<(torch.Generator Stream, List<GeneratorDropout> Dropouts)>();
        try
        {
            Monitor.Enter(Gate, ref gated);
            // Member k starts from its own seed (EnsembleSeeds.Member: member 0's is the seed itself) and keeps its own
            // generator state for dropout, so it is trained exactly as it would be alone (EnsembleMember = k): an
            // ensemble can be split into one unit of work per member, and one network is what it always was.
            var indexes = options.EnsembleMember is int only ? [only] : Enumerable.Range(0, options.EnsembleSize).ToArray();
            var members = new List<nn.Module<Tensor, Tensor>>(indexes.Length);
            foreach (int k in indexes)
            {
                int memberSeed = EnsembleSeeds.Member(seed, k);
                torch.manual_seed(memberSeed);
                if (device.type == DeviceType.CUDA) torch.cuda.manual_seed_all(memberSeed);
                var member = NetworkFactory.Create(options, fit.Dimension, outputs);
                if (task == TrainingTask.Regression && options.OutputBiasFromLabelMean) StartBiasAtMean(member, fit.Targets!);
                options.InitialWeights?.ForMember(k).LoadInto(member); // warm start: replaces the initialisation above
                member.to(device);
                members.Add(member);
                // The member's dropout stream starts where its initialisation left the global generator: in a generator
                // of its own when every module that draws can use one (DiveML's dropout, on the CPU), else in the global
                // generator, swapped in and out around the member's epochs while the gate is held.
                if (device.type == DeviceType.CPU && !RandomModules.NeedGlobalGenerator(member))
                {
                    generators.Add(null);
                    var dropouts = member.modules().OfType<GeneratorDropout>().ToList();
                    if (dropouts.Count == 0) continue;
                    var stream = new torch.Generator(0, device);
                    streams.Add((stream, dropouts));
                    using (var state = torch.random.get_rng_state()) stream.set_state(state);
                    foreach (var dropout in dropouts) dropout.Generator = stream;
                }
                else generators.Add(new MemberGenerator(memberSeed, device, options.EnsembleSize > 1));
            }
            if (generators.All(g => g is null))
            {
                Monitor.Exit(Gate);
                gated = false;
            }
            var network = members.Count == 1 ? members[0] : new EnsembleNetwork(members);
            using var monitor = heldOutRows is null ? null
                : new EarlyStoppingMonitor(options.EarlyStopping!, heldOut, task, device, (output, target) => Loss(output, target, task, nn.Reduction.Sum));
            // Small networks train on one thread (TorchThreads): more threads only add waiting on tiny operations.
            int threads = TorchThreads.Choose(options.Threads, TorchThreads.MultiplyAdds(members[0]) * Math.Min(options.BatchSize, fit.Rows));
            var history = TorchThreads.With(threads, () => Loop(options, members, indexes, generators, network, fit, validation, task, device, seed, monitor, threads));
            // The network keeps the best epoch's weights, not the last one's: the epochs after it only used up the patience.
            monitor?.RestoreBest(network);
            network.eval();
            return new TrainingOutcome(network, history, device.ToString(), seed, monitor?.BestEpoch, heldOutRows);
        }
        finally
        {
            foreach (var generator in generators) generator?.Dispose();
            foreach (var (stream, dropouts) in streams)
            {
                foreach (var dropout in dropouts) dropout.Generator = null;
                stream.Dispose();
            }
            if (gated) Monitor.Exit(Gate);
        }
    }

    private static void StartBiasAtMean(nn.Module<Tensor, Tensor> network, float[] targets)
    {
        var last = network.modules().OfType<TorchSharp.Modules.Linear>().LastOrDefault();
        if (last?.bias is null) return;
        using var _ = no_grad();
        last.bias.fill_(targets.Average(t => (double)t));
    }

    public static Device ResolveDevice(TrainingDevice requested)
    {
        bool cuda = torch.cuda.is_available();
        return requested switch
        {
            TrainingDevice.Cpu => CPU,
            TrainingDevice.Cuda when !cuda => throw new InvalidOperationException(
                "Device = Cuda, but TorchSharp reports no CUDA device. The TorchSharp-cpu package has no CUDA support: reference " +
                "a TorchSharp CUDA package (and have an NVIDIA driver), or use Device = Auto or Cpu."),
            TrainingDevice.Cuda => CUDA,
            _ => cuda ? CUDA : CPU,
        };
    }

    /// <summary>
    /// Trains the members in lockstep, one epoch each (side by side when cores allow), so that the history can score the whole ensemble on the
    /// validation data after every epoch. Each member has its own optimiser, its own minibatch order (shuffled with its
    /// member seed) and its own dropout generator; train loss and metric are the members' means. With a
    /// <paramref name="monitor"/>, the whole network (the ensemble) is scored on the held-out rows after every epoch and
    /// the loop ends when it says so.
    /// </summary>
    private static List<EpochRecord> Loop(TorchTrainerOptions options, IReadOnlyList<nn.Module<Tensor, Tensor>> members, IReadOnlyList<int> indexes,
        IReadOnlyList<MemberGenerator?> generators, nn.Module<Tensor, Tensor> network, TrainingData train, TrainingData? validation, TrainingTask task,
        Device device, int seed, EarlyStoppingMonitor? monitor, int threads)
    {
        using var x = AlignedTensors.Of(train.Features, [train.Rows, train.Dimension], device);
        using var y = Labels(train, task, device);
        using var held = validation is null ? null : new ValidationTensors(validation, task, device);
        bool classification = task != TrainingTask.Regression;
        var states = members.Select((member, i) => new MemberState(member, ParameterUpdate.Create(options, member),
            new Random(EnsembleSeeds.Member(seed, indexes[i])), train.Rows, generators[i])).ToArray();
        // Members are independent within an epoch (own optimiser, order and dropout stream), so with cores to spare they
        // train it side by side; members that swap libtorch's global generator in and out take turns.
        int membersAtOnce = states.Any(s => s.Generator is not null) ? 1 : TorchThreads.MembersAtOnce(threads, states.Length);
        try
        {
            var history = new List<EpochRecord>(options.Epochs);
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                double rate = options.Schedule == LearningRateSchedule.Cosine
                    ? options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / options.Epochs))
                    : options.LearningRate;
                var epochs = new (double LossSum, long Correct)[states.Length];
                OrderedParallel.For(states.Length, membersAtOnce, i =>
                {
                    var state = states[i];
                    state.Generator?.Enter();
                    // A member on another thread sets that thread's libtorch thread count (it is per thread).
                    epochs[i] = membersAtOnce > 1
                        ? TorchThreads.With(threads, () => RunEpoch(options, state, x, y, task, device, epoch, rate))
                        : RunEpoch(options, state, x, y, task, device, epoch, rate);
                    state.Generator?.Leave();
                });
                // Summed in member order, whichever finished first.
                double lossSum = 0, correct = 0;
                foreach (var (memberLoss, memberCorrect) in epochs)
                {
                    lossSum += memberLoss;
                    correct += memberCorrect;
                }
                double trainLoss = lossSum / ((double)train.Rows * states.Length);
                double trainMetric = classification ? correct / ((double)train.Rows * states.Length) : Math.Sqrt(trainLoss);
                double? validationMetric = held?.Score(network);
                double? stoppingMetric = monitor?.Score(network);
                var record = new EpochRecord(epoch, trainLoss, trainMetric, validationMetric, clock.Elapsed.TotalSeconds, stoppingMetric);
                history.Add(record);
                options.Progress?.Invoke(record);
                if (monitor is not null && monitor.Observe(epoch, stoppingMetric!.Value, network)) break;
            }
            return history;
        }
        finally
        {
            foreach (var state in states) state.Optimizer.Dispose();
        }
    }

    /// <summary>One member's training state across epochs.</summary>
    private sealed class MemberState(nn.Module<Tensor, Tensor> network, ParameterUpdate optimizer, Random shuffler, int rows, MemberGenerator? generator)
    {
        /// <summary>Null when the member draws nothing from libtorch's global generator while training.</summary>
        public MemberGenerator? Generator { get; } = generator;
        public nn.Module<Tensor, Tensor> Network { get; } = network;
        public ParameterUpdate Optimizer { get; } = optimizer;
        public Random Shuffler { get; } = shuffler;
        public long[] Order { get; } = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
    }

    // Features gathered per chunk of batches (RunEpoch): big enough that a Kaggle-sized table is one chunk, small enough
    // to add little memory on a large one.
    private const long ChunkBytes = 16L << 20;

    /// <summary>One epoch of one member: returns its summed loss (weighted by batch length) and correct predictions.</summary>
    private static (double LossSum, long Correct) RunEpoch(TorchTrainerOptions options, MemberState state, Tensor x, Tensor y,
        TrainingTask task, Device device, int epoch, double rate)
    {
        var network = state.Network;
        network.train();
        state.Optimizer.LearningRate = rate;
        if (options.Shuffle) state.Shuffler.Shuffle(state.Order);
        int rows = state.Order.Length;
        int batches = (rows + options.BatchSize - 1) / options.BatchSize;
        using var correct = zeros(1, ScalarType.Int64, device);
        using var permutation = tensor(state.Order).to(device);
        // Each batch's loss stays on the device and is read once, after the epoch: on a GPU every read waits for the
        // queued work, so a read per batch would keep the device idle between small batches.
        using var losses = empty(batches, ScalarType.Float32, device);
        // The rows are gathered in the epoch's order a chunk of batches at a time, and each batch is a view of its chunk
        // (Batch): one gather per chunk and tensor instead of one per batch. A chunk holds at most ChunkBytes of features,
        // so a large table is not copied whole.
        int chunkBatches = (int)Math.Clamp(ChunkBytes / ((long)options.BatchSize * Math.Max(1, x.shape[1]) * x.element_size()), 1, batches);
        for (int first = 0; first < batches; first += chunkBatches)
        {
            int chunkStart = first * options.BatchSize;
            int chunkLength = Math.Min(chunkBatches * options.BatchSize, rows - chunkStart);
            using var chunkIndex = permutation.narrow(0, chunkStart, chunkLength);
            using var xc = x.index_select(0, chunkIndex);
            using var yc = y.index_select(0, chunkIndex);
            for (int batch = first; batch < Math.Min(batches, first + chunkBatches); batch++)
            {
                using var scope = NewDisposeScope();
                int start = batch * options.BatchSize - chunkStart;
                int length = Math.Min(options.BatchSize, chunkLength - start);
                var xb = Batch(xc, start, length, options.BatchSize);
                var yb = Batch(yc, start, length, options.BatchSize);
                var output = network.forward(xb);
                var loss = Loss(output, yb, task, nn.Reduction.Mean);
                state.Optimizer.ZeroGrad();
                loss.backward();
                state.Optimizer.Step();
                losses[batch] = loss.detach();
                if (task != TrainingTask.Regression) correct.add_(Correct(output, yb, task));
            }
        }
        float[] values;
        using (NewDisposeScope()) values = losses.cpu().data<float>().ToArray();
        double lossSum = 0;
        for (int batch = 0; batch < batches; batch++)
        {
            // The first batch whose loss is not finite is reported, as if the loop had stopped there.
            if (!float.IsFinite(values[batch]))
                throw new TrainingDivergedException(epoch, batch + 1, values[batch], rate, options.LearningRate);
            lossSum += (double)values[batch] * Math.Min(options.BatchSize, rows - batch * options.BatchSize);
        }
        return (lossSum, task != TrainingTask.Regression ? correct.item<long>() : 0);
    }

    /// <summary>
    /// Rows [<paramref name="start"/>, +<paramref name="length"/>) of a chunk: a view where the batch begins on a 64-byte
    /// boundary, as a freshly allocated tensor does, else a copy. MKL's kernels take alignment-dependent paths
    /// (AlignedTensors), so a batch rounds exactly as it did when every batch was gathered on its own.
    /// </summary>
    private static Tensor Batch(Tensor chunk, int start, int length, int batchSize)
    {
        var view = chunk.narrow(0, start, length);
        long rowBytes = chunk.numel() / Math.Max(1, chunk.shape[0]) * chunk.element_size();
        return batchSize * rowBytes % 64 == 0 ? view : view.clone();
    }

    /// <summary>The training loss (cross-entropy, binary cross-entropy with logits, or squared error); early stopping scores held-out rows with the same one.</summary>
    private static Tensor Loss(Tensor output, Tensor target, TrainingTask task, nn.Reduction reduction) => task switch
    {
        TrainingTask.Multiclass => nn.functional.cross_entropy(output, target, reduction: reduction),
        TrainingTask.Binary => nn.functional.binary_cross_entropy_with_logits(output, target, reduction: reduction),
        _ => nn.functional.mse_loss(output, target, reduction),
    };

    /// <summary>Held-out rows as tensors on the training device, built once and scored after every epoch.</summary>
    private sealed class ValidationTensors : IDisposable
    {
        private readonly Tensor _x;
        private readonly Tensor _y;
        private readonly int _rows;
        private readonly TrainingTask _task;

        public ValidationTensors(TrainingData data, TrainingTask task, Device device)
        {
            _rows = data.Rows;
            _task = task;
            _x = AlignedTensors.Of(data.Features, [data.Rows, data.Dimension], device);
            _y = Labels(data, task, device);
        }

        /// <summary>Accuracy (classification) or RMSE (regression), in eval mode, in chunks to bound memory.</summary>
        public double Score(nn.Module<Tensor, Tensor> network)
        {
            double sum = HeldOutScoring.Sum(network, _x, _y, _rows,
                (output, labels) => _task != TrainingTask.Regression ? Correct(output, labels, _task) : output.sub(labels).square().sum());
            return _task != TrainingTask.Regression ? sum / _rows : Math.Sqrt(sum / _rows);
        }

        public void Dispose()
        {
            _x.Dispose();
            _y.Dispose();
        }
    }

    /// <summary>Labels as the loss wants them: class indexes [N] (multiclass), or [N, 1] floats (targets, or 0/1 for binary).</summary>
    internal static Tensor Labels(TrainingData data, TrainingTask task, Device device)
        => task == TrainingTask.Multiclass
            ? AlignedTensors.Of(data.Classes!, [data.Rows], device)
            : AlignedTensors.Of(data.Targets!, [data.Rows, 1], device);

    /// <summary>Correct predictions: the argmax class (multiclass), or logit &gt; 0 against label 1 (binary).</summary>
    private static Tensor Correct(Tensor output, Tensor labels, TrainingTask task)
        => task == TrainingTask.Multiclass ? output.argmax(1).eq(labels).sum() : output.gt(0).eq(labels.gt(0.5)).sum();
}
