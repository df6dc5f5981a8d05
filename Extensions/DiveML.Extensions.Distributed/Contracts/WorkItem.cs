using DiveML.Extensions.Scale;

namespace DiveML.Extensions.Distributed;

/// <summary>A <see cref="UnitTicket"/> as it travels between grains and workers (Orleans serializes this record).</summary>
/// <param name="Id">The unit id.</param>
/// <param name="Kind">The kind of unit.</param>
/// <param name="Json">The unit's data.</param>
/// <param name="Label">For progress lines.</param>
[GenerateSerializer, Immutable, Alias("dive.WorkItem")]
public sealed record WorkItem(string Id, string Kind, string Json, string Label)
{
    /// <summary>The work item of <paramref name="ticket"/>.</summary>
    public static WorkItem From(UnitTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(ticket.Id, ticket.Kind, ticket.Json, ticket.Label);
    }

    /// <summary>Back to the scheduler-neutral ticket.</summary>
    public UnitTicket ToTicket() => new(Id, Kind, Json, Label);
}
