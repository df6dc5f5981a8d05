using DiveML.Extensions.IO;
using DiveML.Samples.Cli;

// Every temporary file of this process (ML.NET's ONNX copies, extracted model entries) goes to a private folder deleted at exit.
DiveTempFolder.UseForProcess();
// libtorch's OpenMP threads read their wait policy once, when libtorch loads: sleep when idle rather than spin (TorchThreads).
DiveML.Trainers.TorchThreads.PreferPassiveWaiting();

return CommandRunner.Run(args, Console.Out, Console.Error);
