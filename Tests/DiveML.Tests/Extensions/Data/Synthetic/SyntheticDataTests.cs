using DiveML.Extensions.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions;

public class SyntheticDataTests
{
    [Fact]
    public void Labels_follow_Xw_plus_b_with_small_noise_and_the_seed_repeats_the_data()
    {
        var ml = new MLContext(0);
        var view = SyntheticData.Linear([2f, -3.4f], 4.2f, 1000, seed: 7);
        var x = view.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        var y = view.GetColumn<float>("Label").ToArray();
        var residuals = x.Zip(y, (f, l) => l - (2f * f[0] - 3.4f * f[1] + 4.2f)).ToArray();
        double std = Math.Sqrt(residuals.Average(r => r * r));
        Assert.InRange(std, 0.008, 0.012);
        Assert.InRange(x.Average(f => f[0]), -0.1, 0.1);

        var again = SyntheticData.Linear([2f, -3.4f], 4.2f, 1000, seed: 7).GetColumn<float>("Label").ToArray();
        Assert.Equal(y, again);
        var other = ml.Data.LoadSyntheticLinear([2f, -3.4f], 4.2f, 1000, seed: 8).GetColumn<float>("Label").ToArray();
        Assert.NotEqual(y, other);
    }
}
