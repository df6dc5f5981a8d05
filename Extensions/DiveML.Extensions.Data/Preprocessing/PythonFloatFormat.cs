using System.Globalization;

namespace DiveML.Extensions.Preprocessing;

/// <summary>
/// Formats a double exactly as Python's <c>repr(float)</c> (what pandas' <c>to_csv</c> writes): the shortest digits that
/// round-trip, fixed notation for decimal exponents −4 ≤ e &lt; 16 with at least one fractional digit (<c>3.0</c>),
/// scientific otherwise (<c>1e+16</c>, <c>1.5e-05</c>), <c>inf</c>/<c>-inf</c>/<c>nan</c>.
/// </summary>
public static class PythonFloatFormat
{
    /// <summary>Python's <c>repr(value)</c>.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        // .NET Core 3.0+ "R" yields the shortest round-trip digits, as Python does; only the layout differs.
        return Layout(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// numpy's <c>repr(np.float32(value))</c>, which pandas writes for a float32 column: the shortest digits that
    /// round-trip <em>as a float32</em> (<c>0.1</c>, not the widened double's <c>0.10000000149011612</c>), in Python's layout.
    /// </summary>
    public static string Repr(float value)
    {
        if (float.IsNaN(value)) return "nan";
        if (float.IsPositiveInfinity(value)) return "inf";
        if (float.IsNegativeInfinity(value)) return "-inf";
        if (value == 0) return float.IsNegative(value) ? "-0.0" : "0.0";
        return Layout(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Python's layout of shortest round-trip digits: fixed for decimal exponents −4 ≤ e &lt; 16, else scientific.</summary>
    private static string Layout(string shortest)
    {
        var (negative, digits, exponent) = Decompose(shortest);
        string sign = negative ? "-" : "";
        if (exponent >= -4 && exponent < 16)
        {
            // Fixed notation.
            if (exponent >= digits.Length - 1)
                return sign + digits + new string('0', exponent - digits.Length + 1) + ".0";
            if (exponent >= 0)
                return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
            return sign + "0." + new string('0', -exponent - 1) + digits;
        }
        string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        string exp = (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return sign + mantissa + "e" + exp;
    }

    /// <summary>Splits .NET's shortest round-trip text into sign, significant digits (no trailing zeros) and decimal exponent.</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(string text)
    {
        bool negative = text.StartsWith('-');
        if (negative) text = text[1..];
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int dot = text.IndexOf('.');
        string intPart = dot < 0 ? text : text[..dot];
        string fracPart = dot < 0 ? "" : text[(dot + 1)..];
        string all = intPart + fracPart;
        int leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0') leadingZeros++;
        string digits = all[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        exponent += intPart.Length - 1 - leadingZeros;
        return (negative, digits, exponent);
    }
}
