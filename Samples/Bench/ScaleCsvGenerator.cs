using DiveML.Extensions.Data;
using System.Globalization;
using System.Text;

namespace DiveML.Samples.Bench;

/// <summary>
/// Writes the preprocessing benchmark's table with the recipe of <c>Tests/DiveML.Tests/Fixtures/pandas-oracle/scale/pandas_scale.py</c>:
/// 20 float columns f_i ~ Normal(10·i, 1+i) with 10% missing, written <c>%.6g</c>; 10 text columns s_j with
/// cardinality 5, 10, …, 50 (values <c>s{j:02d}_v{k:02d}</c>) and 5% missing; missing = empty field. Seeded, but with
/// .NET's generator, so the bytes differ from numpy's file while every statistic matches.
/// </summary>
public static class ScaleCsvGenerator
{
    public static void Write(string path, int rows, int seed = 20240501)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var header = Enumerable.Range(0, 20).Select(i => $"f{i:00}").Concat(Enumerable.Range(0, 10).Select(j => $"s{j:00}"));
        writer.Write(string.Join(',', header));
        writer.Write('\n');
        var line = new StringBuilder(512);
        for (int r = 0; r < rows; r++)
        {
            line.Clear();
            for (int i = 0; i < 20; i++)
            {
                double x = i * 10.0 + (1.0 + i) * SyntheticData.StandardNormal(random);
                if (random.NextDouble() >= 0.10) line.Append(FormatG6(x));
                line.Append(',');
            }
            for (int j = 0; j < 10; j++)
            {
                int card = 5 * (j + 1);
                int k = random.Next(card);
                if (random.NextDouble() >= 0.05) line.Append('s').Append(j.ToString("00", CultureInfo.InvariantCulture)).Append("_v").Append(k.ToString("00", CultureInfo.InvariantCulture));
                if (j < 9) line.Append(',');
            }
            line.Append('\n');
            writer.Write(line);
        }
    }

    /// <summary>C's <c>%.6g</c>: 6 significant digits, trailing zeros dropped, exponent form outside 1e-4..1e6.</summary>
    private static string FormatG6(double x)
    {
        if (x == 0) return "0";
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(double.Parse(x.ToString("E5", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))));
        if (exponent < -4 || exponent >= 6)
        {
            var e = x.ToString("E5", CultureInfo.InvariantCulture); // d.dddddE+ddd
            var mantissa = e[..e.IndexOf('E')].TrimEnd('0').TrimEnd('.');
            int exp = int.Parse(e[(e.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
            return $"{mantissa}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
        }
        var text = x.ToString("F" + Math.Max(0, 5 - exponent), CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
