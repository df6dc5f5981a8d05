using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary>d2l's synthetic data generators, seeded.</summary>
public static class SyntheticData
{
    /// <summary>
    /// d2l 3.1 <c>synthetic_data(w, b, n)</c>: features X ~ N(0, 1) of shape n × len(w), labels y = Xw + b + ε with
    /// ε ~ N(0, <paramref name="noiseStd"/>²). Same seed → same data.
    /// </summary>
    /// <param name="w">The true weights (at least one).</param>
    /// <param name="b">The true bias.</param>
    /// <param name="n">Number of rows.</param>
    /// <param name="seed">Seed of the generator.</param>
    /// <param name="noiseStd">Standard deviation of the label noise.</param>
    public static DenseDataView Linear(IReadOnlyList<float> w, float b, int n, int seed = 0, float noiseStd = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.Count == 0) throw new ArgumentException("w must have at least one weight.", nameof(w));
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive.");
        var random = new Random(seed);
        int d = w.Count;
        var x = new float[n * d];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b;
            for (int j = 0; j < d; j++)
            {
                float v = (float)StandardNormal(random);
                x[i * d + j] = v;
                sum += v * w[j];
            }
            y[i] = (float)(sum + noiseStd * StandardNormal(random));
        }
        return DenseDataView.ForRegression(x, d, y);
    }

    /// <summary>
    /// A standard normal draw by Box–Muller from <paramref name="random"/> (System.Random has no Gaussian); the one
    /// sampler behind every DiveML generator, so seeded data sets are reproducible across them.
    /// </summary>
    /// <param name="random">The seeded generator; two uniform draws are taken from it.</param>
    public static double StandardNormal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
