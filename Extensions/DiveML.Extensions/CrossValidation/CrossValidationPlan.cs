namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// Which fold holds out each row (<see cref="CrossValidator.Plan"/>). Deterministic: the same data and options give the
/// same plan in every process, so folds fitted elsewhere fit together.
/// </summary>
public sealed class CrossValidationPlan
{
    private readonly int[] _assignment;

    internal CrossValidationPlan(int folds, int[] assignment)
    {
        Folds = folds;
        _assignment = assignment;
    }

    /// <summary>Number of folds.</summary>
    public int Folds { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => _assignment.Length;

    /// <summary>The 0-based fold that holds each row out, in row order.</summary>
    public IReadOnlyList<int> Assignment => _assignment;

    /// <summary>The rows 0-based fold <paramref name="fold"/> holds out, in row order.</summary>
    public int[] HeldOutRows(int fold) => Enumerable.Range(0, _assignment.Length).Where(i => _assignment[i] == fold).ToArray();
}
