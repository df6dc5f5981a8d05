using System.Diagnostics;
using System.Globalization;
using DiveML.Extensions.CrossValidation;
using DiveML.Extensions.Kaggle;
using DiveML.Samples.Cli;
using DiveML.Trainers;
using Microsoft.ML;

namespace DiveML.Samples.Bench;

/// <summary>
/// <c>dive bench kaggle</c>: d2l 4.10's configuration (linear, Adam lr 5, batch 64, 100 epochs, 5 contiguous folds) on
/// the house prices, timed per whole 5-fold run — preprocessing fitted in every fold, training with the held-out part
/// scored after every epoch (as d2l's k_fold), evaluation of both parts — with folds fitted at once as <c>dive kaggle</c>
/// fits them (one per core), and one at a time.
/// </summary>
public static class KaggleBenchmark
{
    public static int Run(TextWriter output, int repeats)
    {
        var ml = new MLContext(0);
        var load = Stopwatch.StartNew();
        var data = TabularData.Load(Paths.HousePricesTrain, Paths.HousePricesTest, "SalePrice", "Id", TabularTask.Regression);
        var train = TabularPipeline.PrepareLabels(ml, data, logTarget: false).Transform(data.Train);
        double loadSeconds = load.Elapsed.TotalSeconds;
        var options = new LinearRegressionOptions { Optimizer = OptimizerKind.Adam, LearningRate = 5, BatchSize = 64, Epochs = 100, Initialization = Initialization.TorchDefault, Seed = 1 };
        // As `dive kaggle` runs it (and as d2l's k_fold): per fold, the held-out part is scored after every epoch.
        var featurizer = TabularPipeline.Featurizer(ml, data);
        IEstimator<ITransformer> Head(IDataView valid)
        {
            var perFold = (LinearRegressionOptions)options.Clone();
            perFold.ValidationData = valid;
            return TabularPipeline.Head(ml, data, ml.Regression.Trainers.TorchLinear(perFold), logTarget: false);
        }
        var cv = TabularPipeline.CrossValidationOptions(data);
        cv.Folds = 5;
        cv.PrimaryMetric = "log_rmse";
        // dive kaggle's default for networks: one fold per core at once (--parallel-folds).
        int parallel = Math.Clamp(Environment.ProcessorCount, 1, cv.Folds);
        cv.ParallelFolds = parallel;
        // dive kaggle loads libtorch on another core while it reads the files: loaded here before the first run too, and
        // timed on its own.
        var torchLoad = Stopwatch.StartNew();
        TorchRuntime.EnsureAvailable();
        double torchSeconds = torchLoad.Elapsed.TotalSeconds;
        // What the first run pays for the JIT, from the runtime's own counters (all threads).
        var jitBefore = (Methods: System.Runtime.JitInfo.GetCompiledMethodCount(), Time: System.Runtime.JitInfo.GetCompilationTime());
        var first = Stopwatch.StartNew();
        var report = CrossValidator.Run(ml, train, featurizer, Head, cv);
        double cold = first.Elapsed.TotalSeconds;
        long coldMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore.Methods;
        double coldJit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore.Time).TotalSeconds;
        var atOnce = BenchClock.Measure(() => report = CrossValidator.Run(ml, train, featurizer, Head, cv), repeats);
        cv.ParallelFolds = 1;
        var oneByOne = BenchClock.Measure(() => report = CrossValidator.Run(ml, train, featurizer, Head, cv), repeats);
        static string Runs(double[] times) => $"{BenchClock.Median(times):F2} (runs: {string.Join(", ", times.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))})";
        output.WriteLine($"machine: {BenchClock.Machine()}");
        output.WriteLine($"house prices: load both CSVs {loadSeconds:F2} s, libtorch {torchSeconds:F2} s; d2l 4.10 linear, 5 contiguous folds; mean valid log-RMSE {report.PrimaryValidMean:F4}");
        output.WriteLine($"| 5-fold run | seconds |");
        output.WriteLine($"| --- | --- |");
        output.WriteLine($"| first in a fresh process (JIT included: {coldMethods} methods compiled in {coldJit:F2} s of CPU), {parallel} folds at once | {cold:F2} |");
        output.WriteLine($"| median of {atOnce.Length} warm runs, {parallel} folds at once (dive kaggle's default) | {Runs(atOnce)} |");
        output.WriteLine($"| median of {oneByOne.Length} warm runs, one fold at a time | {Runs(oneByOne)} |");
        return ExitCodes.Success;
    }
}
