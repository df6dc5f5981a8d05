namespace DiveML.Extensions.Scale;

/// <summary>
/// Where a run's plan and its units' results are kept, so a run survives its processes: files under the run's output
/// folder (<see cref="FileUnitResultStore"/>), Redis in a cluster, memory in tests. Results are keyed by unit id and
/// written once: the first writer wins and later writes of the same unit are refused, which is what makes completing a
/// unit idempotent. A stored record is sealed with its hash (<see cref="ResultRecord"/>); readers check it.
/// </summary>
public interface IUnitResultStore
{
    /// <summary>Where the results are, for messages (e.g. <c>out/kaggle/.dive-run</c>).</summary>
    string Location { get; }

    /// <summary>Saves (replaces) the plan of run <paramref name="runId"/>: the list of its units.</summary>
    Task SavePlanAsync(string runId, string planJson);

    /// <summary>The plan of run <paramref name="runId"/>, or null when none was saved.</summary>
    Task<string?> LoadPlanAsync(string runId);

    /// <summary>Stores <paramref name="record"/> for <paramref name="unitId"/> unless a record is there already; true when this call stored it.</summary>
    Task<bool> TryRecordAsync(string unitId, string record);

    /// <summary>The stored record of <paramref name="unitId"/> as written, or null.</summary>
    Task<string?> ReadAsync(string unitId);

    /// <summary>Removes the record of <paramref name="unitId"/> (a damaged one, before it is recomputed).</summary>
    Task DeleteAsync(string unitId);

    /// <summary>The ids of every unit with a record.</summary>
    Task<IReadOnlyCollection<string>> ListAsync();
}
