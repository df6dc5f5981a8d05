namespace DiveML.Extensions.Scale;

/// <summary>
/// A unit of work as the scheduler sees it: an id (a hash of the work, so the same work always has the same id and a
/// stored result is found again), what kind of work it is, the work itself as JSON, and a label for progress lines.
/// The scheduler never looks inside <see cref="Json"/>; <see cref="UnitExecutor"/> does, in the worker.
/// </summary>
/// <param name="Id">32 lower-case hex digits.</param>
/// <param name="Kind">e.g. <c>tabular-fold</c> (<c>noop</c>: the benchmark's trivial unit).</param>
/// <param name="Json">The unit's own data.</param>
/// <param name="Label">For people: e.g. <c>mlp hidden=256 … fold 3/5</c>.</param>
public sealed record UnitTicket(string Id, string Kind, string Json, string Label)
{
    /// <summary>Whether <paramref name="id"/> is a unit id (32 lower-case hex digits): stores use ids as file names and keys.</summary>
    public static bool IsValidId(string? id) => id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>The trivial unit the scheduling benchmark measures overhead with: its result is <c>{}</c>.</summary>
    public static UnitTicket Noop(int index) => new(UnitJson.Sha256($"noop {index}")[..32], UnitExecutor.NoopKind, "{}", $"noop {index}");
}
