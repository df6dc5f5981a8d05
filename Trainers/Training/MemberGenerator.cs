using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// One ensemble member's own random stream for dropout. libtorch has one global generator per device, and members
/// trained in lockstep take turns: without this, member k's dropout masks would depend on how many numbers members
/// 0..k−1 drew before it, so a member trained alone would differ from the same member in the ensemble.
/// </summary>
/// <remarks>
/// On the CPU the generator's state is saved after the member's epoch and put back before its next one, so a network
/// trained alone draws exactly the numbers it always did. TorchSharp does not expose the CUDA generator's state, so
/// on a GPU a member of an ensemble (size &gt; 1) reseeds that generator before each of its epochs from its seed and
/// the epoch instead; a single network keeps the continuous stream.
/// </remarks>
internal sealed class MemberGenerator : IDisposable
{
    private readonly int _seed;
    private readonly bool _reseedCuda;
    private Tensor _state;
    private int _epoch;

    /// <summary>Captures the CPU generator as the member's initialisation left it.</summary>
    public MemberGenerator(int memberSeed, Device device, bool ensemble)
    {
        _seed = memberSeed;
        _reseedCuda = ensemble && device.type == DeviceType.CUDA;
        _state = TorchSharp.torch.random.get_rng_state();
    }

    /// <summary>Makes the member's stream the global one (before its epoch).</summary>
    public void Enter()
    {
        TorchSharp.torch.random.set_rng_state(_state);
        if (_reseedCuda) cuda.manual_seed_all(EnsembleSeeds.Member(_seed, ++_epoch));
    }

    /// <summary>Keeps where the member's stream stands (after its epoch).</summary>
    public void Leave()
    {
        _state.Dispose();
        _state = TorchSharp.torch.random.get_rng_state();
    }

    public void Dispose() => _state.Dispose();
}
