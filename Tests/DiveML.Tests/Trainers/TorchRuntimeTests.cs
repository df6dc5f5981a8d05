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
