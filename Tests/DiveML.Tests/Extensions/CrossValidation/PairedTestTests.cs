using DiveML.Extensions.CrossValidation;

namespace DiveML.Tests.Extensions;

/// <summary>The paired t-tests of the model comparison against a hand computation; p-values as scipy 1.10.1 gives them.</summary>
public class PairedTestTests
{
    [Fact]
    public void Student_t_tail_probabilities_match_the_tables()
    {
        // 2·t.sf(|t|, ν) from scipy.stats.
        Assert.Equal(0.0500227783199764, StudentT.TwoSidedP(2.776, 4), 10);
        Assert.Equal(0.05000080235813317, StudentT.TwoSidedP(-12.706, 1), 10);
        Assert.Equal(0.14406592912864605, StudentT.TwoSidedP(1.5, 30), 10);
        Assert.Equal(0.7873423714951973, StudentT.TwoSidedP(0.3, 2.5), 10);
        Assert.Equal(1.0, StudentT.TwoSidedP(0, 4), 12);
        Assert.Equal(0.0, StudentT.TwoSidedP(double.PositiveInfinity, 4));
    }

    [Fact]
    public void Paired_test_equals_a_hand_computation()
    {
        double[] model = [0.12, 0.15, 0.11, 0.14, 0.13], best = [0.11, 0.13, 0.12, 0.12, 0.125];
        var test = PairedTest.Compare(model, best);
        double[] d = [0.01, 0.02, -0.01, 0.02, 0.005];
        double mean = d.Average(), std = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / 4);
        Assert.Equal(5, test.Folds);
        Assert.Equal(mean, test.MeanDifference, 12);
        Assert.Equal(std, test.StdDifference, 12);
        Assert.Equal(mean / (std / Math.Sqrt(5)), test.T, 10);
        // Nadeau–Bengio: variance (1/k + n_test/n_train) s², n_test/n_train = 1/(k − 1) for k-fold.
        Assert.Equal(mean / Math.Sqrt((1.0 / 5 + 1.0 / 4) * std * std), test.CorrectedT, 10);
        // scipy.stats.ttest_rel(model, best): statistic 1.6164477182409749, p 0.18130341427595262.
        Assert.Equal(1.6164477182409749, test.T, 10);
        Assert.Equal(0.18130341427595262, test.P, 10);
        Assert.Equal(1.0776318121606498, test.CorrectedT, 10);
        Assert.Equal(0.3418509619774559, test.CorrectedP, 10);
        Assert.True(test.CorrectedP > test.P); // the correction is the more cautious one
    }

    [Fact]
    public void Identical_folds_give_no_evidence_and_a_constant_difference_gives_certainty()
    {
        var same = PairedTest.Compare([0.5, 0.6, 0.7], [0.5, 0.6, 0.7]);
        Assert.Equal(0, same.T);
        Assert.Equal(1, same.P);
        var shifted = PairedTest.Compare([1.5, 2.5, 3.5], [1, 2, 3]); // exactly 0.5 better on every fold
        Assert.Equal(0, shifted.P);
        Assert.Throws<ArgumentException>(() => PairedTest.Compare([0.5, 0.6], [0.5]));
    }
}
