namespace DiveML.Extensions.Distributed;

/// <summary>A finished scaled run: every unit's result, and how many were reused from the store, computed now, or found damaged.</summary>
/// <param name="Results">Unit id → the result's JSON, for every unit of the run.</param>
/// <param name="Reused">Units whose stored result was used as it was.</param>
/// <param name="Computed">Units fitted in this run (damaged ones included).</param>
/// <param name="Damaged">Stored results that failed their hash check and were computed again, by unit label.</param>
public sealed record ScaledRunOutcome(IReadOnlyDictionary<string, string> Results, int Reused, int Computed, IReadOnlyList<string> Damaged);
