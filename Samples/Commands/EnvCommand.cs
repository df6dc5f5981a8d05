using System.Runtime.InteropServices;
using System.Text.Json;
using DiveML.Samples.Cli;
using DiveML.Trainers;

namespace DiveML.Samples.Commands;

/// <summary>
/// <c>dive env</c>: what this machine gives DiveML — the TorchSharp flavour it was built with, the libtorch it loaded,
/// CUDA devices, thread counts — so a user can check a GPU set-up before training (README "GPU").
/// </summary>
public static class EnvCommand
{
    public static DiveCommand Create(CliContext cli)
    {
        var json = CliOptions.Flag("--json", "print one JSON object instead of text (for scripts)");
        var command = new DiveCommand("env", "Show what TorchSharp sees: flavour, libtorch version and path, CUDA availability and devices, threads.") { json };
        command.SetAction(parse => Run(cli, parse.GetValue(json)));
        return command;
    }

    private static int Run(CliContext cli, bool json)
    {
        var torch = TorchRuntime.Describe();
        if (json)
        {
            cli.Out.WriteLine(JsonSerializer.Serialize(new
            {
                dotnet = RuntimeInformation.FrameworkDescription,
                os = RuntimeInformation.OSDescription,
                cores = Environment.ProcessorCount,
                torch,
            }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            return ExitCodes.Success;
        }
        cli.Out.WriteLine($".NET:              {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores");
        cli.Out.WriteLine($"TorchSharp:        {torch.TorchSharpVersion} (built with TorchBackend={torch.Backend})");
        if (torch.LoadError is not null)
        {
            cli.Out.WriteLine($"libtorch:          not loaded — {torch.LoadError}");
        }
        else
        {
            cli.Out.WriteLine($"libtorch:          {torch.LibTorchVersion} ({torch.LibTorchPath ?? "path unknown"})");
            cli.Out.WriteLine($"CUDA available:    {(torch.CudaAvailable ? "yes" : "no")}{(torch.CudaAvailable ? $", {torch.CudaDeviceCount} device(s), cuDNN {(torch.CudnnAvailable ? "yes" : "no")}" : "")}");
            cli.Out.WriteLine($"threads:           {torch.IntraOpThreads} intra-op, {torch.InterOpThreads} inter-op; OpenMP wait policy {torch.OmpWaitPolicy ?? "default (spinning)"}; trainers use 1 thread below {TorchThreads.SmallNetworkThreshold / 1_000_000}M multiply-adds per minibatch (--torch-threads overrides)");
        }
        cli.Out.WriteLine($"NVIDIA GPUs:       {(torch.GpuNames.Count == 0 ? "none listed by the driver" : string.Join("; ", torch.GpuNames))}");
        cli.Out.WriteLine($"--device auto:     trains on {(torch.CudaAvailable ? "CUDA" : "the CPU")}");
        return ExitCodes.Success;
    }
}
