using DiveML.Extensions.Data;

namespace DiveML.Tests.Support;

/// <summary>Small seeded classification data: Gaussian blobs around well-separated centres.</summary>
public static class Blobs
{
    public static DenseDataView Make(int rowsPerClass, int classes = 3, int dimension = 4, int seed = 1, double spread = 0.5)
    {
        // Fixed, well-separated centres (±3 on one axis per class), so train and test sets with different seeds share them.
        var centres = Enumerable.Range(0, classes)
            .Select(k => Enumerable.Range(0, dimension).Select(j => j == k % dimension ? (k / dimension % 2 == 0 ? 3.0 : -3.0) : 0.0).ToArray())
            .ToArray();
        var random = new Random(seed);
        int n = rowsPerClass * classes;
        var x = new float[n * dimension];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int k = i % classes;
            y[i] = k;
            for (int j = 0; j < dimension; j++)
                x[i * dimension + j] = (float)(centres[k][j] + spread * SyntheticData.StandardNormal(random));
        }
        return DenseDataView.ForClassification(x, dimension, y, Enumerable.Range(0, classes).Select(k => $"class{k}").ToArray());
    }
}
