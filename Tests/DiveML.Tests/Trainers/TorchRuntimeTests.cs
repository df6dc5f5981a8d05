using DiveML.Trainers;

namespace DiveML.Tests.Trainers;

public class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_after_setup()
    {
        // scripts/setup.sh (run by the test command) makes libtorch loadable on Debian 12; this proves it did.
        TorchRuntime.EnsureAvailable();
        Assert.True(TorchRuntime.IsAvailable);
    }
}

public class TrainerTemporaryFileTests
{
    [Fact]
    public void The_ONNX_copy_ML_NET_makes_while_fitting_goes_to_the_private_temporary_folder()
    {
        var ml = new Microsoft.ML.MLContext(0);
        var data = DiveML.Extensions.Data.SyntheticData.Linear([2f, -3.4f], 4.2f, 50, seed: 1);
        var before = Directory.GetFiles(DiveML.Extensions.IO.DiveTempFolder.Path).Length;
        ml.Regression.Trainers.TorchLinear(seed: 1).Fit(data);
        // ML.NET writes the ONNX bytes of ApplyOnnxModel to a file and never deletes it: it must land in the folder
        // that is private to this process and deleted at exit, not in the shared temporary folder.
        Assert.True(Directory.GetFiles(DiveML.Extensions.IO.DiveTempFolder.Path).Length > before);
    }
}
