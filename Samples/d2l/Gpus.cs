using DiveML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 5.6: devices. Without a GPU everything stays on the CPU, as the book's try_gpu() falls back to it.</summary>
public static class Gpus
{
    public static void Devices(SampleRun run)
    {
        run.Line($"torch.device('cpu') = {CPU}, torch.cuda.device_count() = {(cuda.is_available() ? cuda.device_count() : 0)}");
        Device TryGpu(int i = 0) => cuda.is_available() && cuda.device_count() > i ? new Device(TorchSharp.DeviceType.CUDA, i) : CPU;
        run.Line($"try_gpu() = {TryGpu()}, try_gpu(10) = {TryGpu(10)}");
        var x = tensor(new[] { 1f, 2, 3 });
        run.Line($"x.device = {x.device}");
        var X = ones(2, 3, device: TryGpu());
        var net = nn.Sequential(nn.Linear(3, 1)).to(TryGpu());
        run.Line($"net(X) on {X.device}: {SampleRun.Format(net.forward(X).cpu())}; net[0].weight.data.device = {net.parameters().First().device}");
        // DiveML trainers pick the device themselves (TrainingDevice.Auto: CUDA when available); scoring is always on the CPU.
        run.Line($"DiveML trains on {TorchTrainingDevice()} here (TrainerOptions.Device = Auto)");
    }

    private static string TorchTrainingDevice() => cuda.is_available() ? "cuda" : "cpu";
}
