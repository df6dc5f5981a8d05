namespace DiveML.Tests.Support;

/// <summary>
/// Tests whose numbers depend on libtorch's global random generator over a whole fit (nn.Dropout in a user's module) run
/// alone. DiveML's fits that draw from that generator hold their gate for the whole fit (decisions D9), but code outside
/// a fit does not: another test making an nn.Linear meanwhile draws from the same generator and changes their draws (it
/// failed a CI run so, beside the layer-export tests).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "libtorch's global generator";
}
