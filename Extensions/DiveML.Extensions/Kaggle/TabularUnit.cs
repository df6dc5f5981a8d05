using System.Text.Json.Serialization;
using DiveML.Extensions.Scale;

namespace DiveML.Extensions.Kaggle;

/// <summary>
/// One unit of work of a Kaggle grid: one candidate on one fold of one run's data. Everything a worker needs is in it
/// (data path and content hash, how to read and fold the data, the candidate's options and seeds), so any process
/// with the file can fit it, and the same unit always gives the same fold result (on the same torch thread count).
/// </summary>
/// <param name="Run">The data and the cross-validation settings.</param>
/// <param name="Candidate">The candidate.</param>
/// <param name="Fold">0-based fold.</param>
public sealed record TabularUnit(TabularRunSpec Run, TabularCandidateSpec Candidate, int Fold)
{
    /// <summary>The <see cref="UnitTicket.Kind"/> of these units.</summary>
    public const string Kind = "tabular-fold";

    /// <summary>The unit's JSON; its hash is the unit id, so equal work has equal ids across runs.</summary>
    [JsonIgnore]
    public string Json => UnitJson.Write(this);

    /// <summary>The unit as the scheduler carries it.</summary>
    public UnitTicket ToTicket()
    {
        var json = Json;
        return new UnitTicket(UnitJson.Sha256(json)[..32], Kind, json, $"{Candidate.Name}, fold {Fold + 1}/{Run.Folds}");
    }

    /// <summary>Reads a unit from its JSON.</summary>
    public static TabularUnit FromJson(string json) => UnitJson.Read<TabularUnit>(json, "tabular unit of work");
}
