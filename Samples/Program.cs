using DiveML.Extensions.IO;
using DiveML.Samples.Cli;

// Every temporary file of this process (ML.NET's ONNX copies, extracted model entries) goes to a private folder deleted at exit.
DiveTempFolder.UseForProcess();
// libtorch's OpenMP threads read their wait policy once, when libtorch loads: sleep when idle rather than spin (TorchThreads).
DiveML.Trainers.TorchThreads.PreferPassiveWaiting();
// A command has written its outputs by the time the process exits: libtorch's static destructors (about 70 ms) are skipped.
DiveML.Trainers.TorchRuntime.SkipNativeTeardownAtExit();

// DIVE_LOADED_ASSEMBLIES=FILE lists the assemblies the run loaded, at exit: the tests check that a run without
// --workers/--cluster never loads Orleans (decisions D22).
if (Environment.GetEnvironmentVariable("DIVE_LOADED_ASSEMBLIES") is { Length: > 0 } loaded)
    AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllLines(loaded, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal));

return CommandRunner.Run(args, Console.Out, Console.Error);
