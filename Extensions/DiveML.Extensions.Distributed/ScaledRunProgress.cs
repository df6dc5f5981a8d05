using DiveML.Extensions.Scale;

namespace DiveML.Extensions.Distributed;

/// <summary>Where a scaled run stands, for the progress display: the coordinator's status and the units completed since the last report (with their results).</summary>
/// <param name="Status">The coordinator's status (null before the coordinator started, e.g. while stored results are checked).</param>
/// <param name="Reused">Units whose stored result was reused.</param>
/// <param name="Completed">Units completed since the last report, with their result's JSON.</param>
/// <param name="Message">A line worth showing (a damaged stored result, workers waited for), or null.</param>
public sealed record ScaledRunProgress(RunStatus? Status, int Reused, IReadOnlyList<(UnitCompletion Unit, string Result)> Completed, string? Message);
