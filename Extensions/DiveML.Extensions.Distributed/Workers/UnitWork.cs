using DiveML.Extensions.Scale;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// Fits one unit and returns its result's JSON (e.g. <see cref="UnitExecutor.Execute"/>): synchronous, run on a thread
/// of its own. <c>note</c> takes short progress notes for the coordinator; the token is cancelled when the lease is lost.
/// </summary>
public delegate string UnitWork(UnitTicket unit, Action<string> note, CancellationToken cancel);
