namespace DiveML.Extensions.Distributed;

/// <summary>A unit that will not be retried: its fit failed (the same inputs fail the same way), or its workers kept dying.</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="Label">The unit's label.</param>
/// <param name="Message">What went wrong, in the user's terms.</param>
[GenerateSerializer, Immutable, Alias("dive.UnitFailure")]
public sealed record UnitFailure(string UnitId, string Label, string Message);
