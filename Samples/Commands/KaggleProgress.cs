using DiveML.Samples.Cli;
using DiveML.Trainers;

namespace DiveML.Samples.Commands;

/// <summary>
/// Where a <c>dive kaggle</c> run stands, in epochs: every candidate's folds, then the refit of the best on all rows
/// (which GridSearch always does). Counting epochs, not folds, keeps the bar moving and the ETA honest within a fold.
/// </summary>
public sealed class KaggleProgress(int candidates, int folds, int epochs)
{
    private int _foldsDone;
    private IProgressScope? _scope;

    public double Total => (candidates * (double)folds + 1) * epochs;

    /// <summary>"fold 3/5", "candidate 2/8, fold 1/5", then "refit on all rows".</summary>
    public string Status
    {
        get
        {
            if (_foldsDone >= candidates * folds) return "refit on all rows";
            var fold = $"fold {_foldsDone % folds + 1}/{folds}";
            return candidates == 1 ? fold : $"candidate {_foldsDone / folds + 1}/{candidates}, {fold}";
        }
    }

    public void Start(IProgressScope scope) => _scope = scope;

    /// <summary>Per epoch of any fold or of the refit (TorchTrainerOptions.Progress).</summary>
    public void Epoch(EpochRecord record) => _scope?.Report(_foldsDone * (double)epochs + record.Epoch, Status);

    /// <summary>After each fold (CrossValidationOptions.Progress): its result line, then the next step.</summary>
    public void FoldDone(string line)
    {
        _foldsDone++;
        _scope?.WriteLine(line);
        _scope?.Report(_foldsDone * (double)epochs, Status);
    }

    /// <summary>After each candidate's cross-validation (GridSearch's callback): its summary line.</summary>
    public void CandidateDone(string line) => _scope?.WriteLine(line);
}
