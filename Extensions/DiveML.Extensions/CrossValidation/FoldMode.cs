namespace DiveML.Extensions.CrossValidation;

/// <summary>How rows are dealt into folds.</summary>
public enum FoldMode
{
    /// <summary>Consecutive blocks in file order, as d2l's <c>get_k_fold_data</c> (the n mod k extra rows go one each to the first folds, so every row is held out once).</summary>
    Contiguous,
    /// <summary>Consecutive blocks of a seeded random permutation.</summary>
    Shuffled,
    /// <summary>Per class, a seeded shuffle dealt round-robin: each fold keeps the class ratios to within one row.</summary>
    Stratified,
}
