using DiveML.Extensions.CrossValidation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DiveML.Tests.Extensions;

public class FoldAssignmentTests
{
    [Property(MaxTest = 200)]
    public Property Every_row_is_held_out_exactly_once_and_fold_sizes_differ_by_at_most_one(PositiveInt rowsArg, PositiveInt foldsArg, int seed, byte modeByte)
    {
        int rows = rowsArg.Get % 500 + 2;
        int folds = foldsArg.Get % rows + 1;
        if (folds < 2) folds = 2;
        var mode = (FoldMode)(modeByte % 2); // contiguous or shuffled
        var assignment = FoldAssignment.Assign(rows, folds, mode, seed);
        var sizes = Enumerable.Range(0, folds).Select(f => assignment.Count(a => a == f)).ToArray();
        bool once = assignment.Length == rows && assignment.All(a => a >= 0 && a < folds);
        bool balanced = sizes.Max() - sizes.Min() <= 1 && sizes.Min() >= 1;
        return (once && balanced).Label($"rows {rows}, folds {folds}, sizes {string.Join(",", sizes)}");
    }

    [Property(MaxTest = 200)]
    public Property Stratified_folds_keep_class_counts_within_one_row(NonEmptyArray<byte> labelBytes, PositiveInt foldsArg, int seed)
    {
        var classes = labelBytes.Get.Select(b => b % 4).ToArray();
        if (classes.Length < 2) return true.ToProperty();
        int folds = foldsArg.Get % classes.Length + 1;
        if (folds < 2) folds = 2;
        var assignment = FoldAssignment.Assign(classes.Length, folds, FoldMode.Stratified, seed, classes);
        bool ok = true;
        foreach (var k in classes.Distinct())
        {
            var perFold = Enumerable.Range(0, folds).Select(f => Enumerable.Range(0, classes.Length).Count(i => classes[i] == k && assignment[i] == f)).ToArray();
            ok &= perFold.Max() - perFold.Min() <= 1;
        }
        return ok.ToProperty();
    }

    [Fact]
    public void Contiguous_folds_are_blocks_in_file_order_like_d2l()
    {
        Assert.Equal([0, 0, 0, 1, 1, 2, 2], FoldAssignment.Assign(7, 3, FoldMode.Contiguous));
        Assert.Equal(FoldAssignment.Assign(50, 5, FoldMode.Shuffled, seed: 3), FoldAssignment.Assign(50, 5, FoldMode.Shuffled, seed: 3));
    }

    [Fact]
    public void Bad_fold_counts_are_clear_errors()
    {
        Assert.Contains("at least 2", Assert.Throws<ArgumentOutOfRangeException>(() => FoldAssignment.Assign(10, 1, FoldMode.Contiguous)).Message);
        Assert.Contains("at most 3", Assert.Throws<ArgumentOutOfRangeException>(() => FoldAssignment.Assign(3, 4, FoldMode.Contiguous)).Message);
        // One row: "use at most 1 fold" would contradict the 2 folds that cross-validation needs.
        var one = Assert.Throws<ArgumentOutOfRangeException>(() => FoldAssignment.Assign(1, 2, FoldMode.Contiguous)).Message;
        Assert.Contains("Cannot make 2 folds from 1 row: cross-validation needs at least 2 rows.", one);
        Assert.DoesNotContain("at most", one);
    }
}
