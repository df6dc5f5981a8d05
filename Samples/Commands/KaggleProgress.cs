using DiveML.Samples.Cli;
using DiveML.Trainers;

namespace DiveML.Samples.Commands;

/// <summary>
/// Where a <c>dive kaggle</c> run stands, in units of work: a network's fold counts its epochs, an ML.NET trainer's fold
/// counts one; every candidate's folds, then the refit of the best on all rows. Counting epochs, not folds, keeps the bar
/// moving and the ETA honest within a fold; a network that stops early jumps to the end of its fold. Folds fitted at once
/// (--parallel-folds) report epochs from several threads: every epoch of a fold not yet reported done counts.
/// </summary>
/// <param name="unitsPerFold">Per candidate, in order: its epochs (a network) or 1 (an ML.NET trainer).</param>
/// <param name="folds">Folds per candidate.</param>
/// <param name="refit">Whether the best is refitted on all rows after the folds.</param>
public sealed class KaggleProgress(IReadOnlyList<int> unitsPerFold, int folds, bool refit)
{
    private readonly object _gate = new();
    private int _foldsDone;
    private double _unitsDone;
    // Epoch records of every fit so far, and those of the folds already reported done: the difference is the work of
    // the fits in flight (one fold at a time, or several).
    private int _epochsSeen, _epochsOfDoneFolds;
    private IProgressScope? _scope;

    public double Total => unitsPerFold.Sum() * (double)folds + (refit ? unitsPerFold.Max() : 0);

    private int Candidates => unitsPerFold.Count;

    /// <summary>"fold 3/5", "candidate 2/8, fold 1/5", then "refit on all rows".</summary>
    public string Status
    {
        get
        {
            if (_foldsDone >= Candidates * folds) return "refit on all rows";
            var fold = $"fold {_foldsDone % folds + 1}/{folds}";
            return Candidates == 1 ? fold : $"candidate {_foldsDone / folds + 1}/{Candidates}, {fold}";
        }
    }

    public void Start(IProgressScope scope) => _scope = scope;

    /// <summary>Per epoch of any fold or of the refit (TorchTrainerOptions.Progress).</summary>
    public void Epoch(EpochRecord record)
    {
        lock (_gate)
        {
            _epochsSeen++;
            _scope?.Report(Done, Status);
        }
    }

    /// <summary>After each fold, in fold order (CrossValidationOptions.Progress): its result line, then the next step.</summary>
    /// <param name="epochs">The epochs the fold trained (0 for an ML.NET trainer).</param>
    /// <param name="line">The fold's result line.</param>
    public void FoldDone(int epochs, string line)
    {
        lock (_gate)
        {
            _unitsDone += unitsPerFold[Math.Min(_foldsDone / folds, Candidates - 1)];
            _epochsOfDoneFolds += epochs;
            _foldsDone++;
            _scope?.WriteLine(line);
            _scope?.Report(Done, Status);
        }
    }

    private double Done => _unitsDone + (_epochsSeen - _epochsOfDoneFolds);

    /// <summary>After each candidate's cross-validation (GridSearch's callback): its summary line.</summary>
    public void CandidateDone(string line)
    {
        lock (_gate) _scope?.WriteLine(line);
    }
}
