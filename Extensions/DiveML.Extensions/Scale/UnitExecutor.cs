using DiveML.Extensions.Kaggle;

namespace DiveML.Extensions.Scale;

/// <summary>
/// What a worker does with a <see cref="UnitTicket"/>: runs it by kind and returns its result's JSON. Units are
/// synchronous CPU (or GPU) work; the worker calls this outside any scheduler turn.
/// </summary>
public static class UnitExecutor
{
    /// <summary>The benchmark's trivial unit: no work, result <c>{}</c> (measures the scheduler's overhead per unit).</summary>
    public const string NoopKind = "noop";

    /// <summary>Runs <paramref name="ticket"/>.</summary>
    /// <param name="ticket">The unit.</param>
    /// <param name="progress">Receives a short note after every epoch of a network (e.g. <c>epoch 12/200</c>); may be null.</param>
    /// <param name="cancel">Checked between epochs: a unit whose lease was lost stops there.</param>
    public static string Execute(UnitTicket ticket, Action<string>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        switch (ticket.Kind)
        {
            case NoopKind:
                return "{}";
            case TabularUnit.Kind:
                var unit = TabularUnit.FromJson(ticket.Json);
                int epochs = unit.Candidate.Network?.Epochs ?? 0;
                var outcome = TabularUnitRunner.Run(unit, record =>
                {
                    cancel.ThrowIfCancellationRequested();
                    progress?.Invoke($"epoch {record.Epoch}/{epochs}");
                });
                return FoldOutcomeJson.Write(outcome);
            default:
                throw new InvalidDataException($"Unknown kind of unit '{ticket.Kind}': this worker runs {TabularUnit.Kind} and {NoopKind} units. Is it an older version of dive than the coordinator?");
        }
    }
}
