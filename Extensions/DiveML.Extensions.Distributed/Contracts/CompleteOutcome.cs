namespace DiveML.Extensions.Distributed;

/// <summary>What the coordinator did with a completed unit's result.</summary>
[GenerateSerializer, Alias("dive.CompleteOutcome")]
public enum CompleteOutcome
{
    /// <summary>Stored: this was the unit's first result.</summary>
    Accepted = 0,
    /// <summary>The unit already had a result (another worker finished it first); this one was dropped.</summary>
    Duplicate = 1,
    /// <summary>The result did not match its hash on arrival; the worker should send it again.</summary>
    Damaged = 2,
}
