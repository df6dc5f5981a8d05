using Microsoft.ML;

namespace DiveML.Extensions.Data;

/// <summary>d2l's synthetic data generators, seeded.</summary>
public static class SyntheticData
{
    /// <summary>
    /// d2l 3.1 <c>synthetic_data(w, b, n)</c>: features X ~ N(0, 1) of shape n × len(w), labels y = Xw + b + ε with
    /// ε ~ N(0, <paramref name="noiseStd"/>²). Same seed → same data.
    /// </summary>
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
                float v = (float)Gaussian(random);
                x[i * d + j] = v;
                sum += v * w[j];
            }
            y[i] = (float)(sum + noiseStd * Gaussian(random));
        }
        return DenseDataView.ForRegression(x, d, y);
    }

    /// <summary>Standard normal by Box–Muller (System.Random has no Gaussian).</summary>
    internal static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
