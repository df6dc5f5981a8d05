using System.Globalization;

namespace DiveML.Transforms;

/// <summary>
/// Writes a number as a literal of ML.NET's expression language, exactly: doubles need the <c>d</c> suffix (a plain
/// literal is parsed as <c>(float)double.Parse</c>), infinities have no literal and are written as <c>1d/0d</c>.
/// </summary>
internal static class ExpressionLiteral
{
    public static string Of(double value, bool isDouble)
    {
        string suffix = isDouble ? "d" : "";
        string one = isDouble ? "1d" : "1.0", zero = isDouble ? "0d" : "0.0";
        if (double.IsPositiveInfinity(value)) return $"({one}/{zero})";
        if (double.IsNegativeInfinity(value)) return $"(-{one}/{zero})";
        if (double.IsNaN(value)) throw new ArgumentException("NaN has no literal in ML.NET expressions.", nameof(value));
        var text = isDouble ? value.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
        text = text.Replace("E", "e", StringComparison.Ordinal);
        if (!text.Contains('.') && !text.Contains('e')) text += ".0";
        return $"({text}{suffix})";
    }
}
