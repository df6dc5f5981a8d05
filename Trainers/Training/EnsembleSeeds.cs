namespace DiveML.Trainers;

/// <summary>
/// The seed of each member of an ensemble (<see cref="TorchTrainerOptions.EnsembleSize"/>): member k initialises,
/// shuffles and draws its dropout masks from its own seed, so it trains exactly as it would alone
/// (<see cref="TorchTrainerOptions.EnsembleMember"/>) — an ensemble can be split into one unit of work per member.
/// </summary>
public static class EnsembleSeeds
{
    /// <summary>
    /// Member <paramref name="member"/>'s seed for the ensemble seed <paramref name="seed"/>. Member 0's is the seed
    /// itself, so a single network (and the first member) trains as it always did; the others are a SplitMix64 hash of
    /// both numbers rather than seed + k, so the ensembles of seeds 1 and 2 share no member.
    /// </summary>
    public static int Member(int seed, int member)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        if (member == 0) return seed;
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)member * 0xD1B54A32D192ED03UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFF_FFFF);
    }
}
