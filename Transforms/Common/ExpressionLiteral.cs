using System.Globalization;
using System.Text;

namespace DiveML.Transforms;

/// <summary>
/// Writes a value as a literal of ML.NET's expression language, exactly: doubles need the <c>d</c> suffix (a plain
/// literal is parsed as <c>(float)double.Parse</c>), infinities have no literal and are written as <c>1d/0d</c>; text
/// is quoted with every character but letters, digits, space and underscore escaped as <c>\uXXXX</c>.
/// </summary>
internal static class ExpressionLiteral
{
    /// <summary>
    /// A text literal. Column names and levels can hold anything a CSV field can — quotes, backslashes, line breaks,
    /// lone surrogates —, and the lexer's <c>\uXXXX</c> escape gives any UTF-16 code unit back unchanged.
    /// </summary>
    public static string Of(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (char ch in value)
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch is ' ' or '_') text.Append(ch);
            else text.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
        }
        return text.Append('"').ToString();
    }

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
