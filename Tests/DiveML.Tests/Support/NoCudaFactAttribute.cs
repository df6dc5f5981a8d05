namespace DiveML.Tests.Support;

/// <summary>A test about behaviour without CUDA: reported as skipped (not silently passed) on a machine that has CUDA.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (TorchSharp.torch.cuda.is_available()) Skip = "This machine has CUDA; the test is about a machine without it.";
    }
}
