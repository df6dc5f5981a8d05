using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace DiveML.Extensions.Data;

/// <summary>Culture-invariant parsing of single CSV tokens with pandas' rules for numbers and booleans.</summary>
internal static class CsvValueParser
{
    public static bool TryParseInt64(ReadOnlySpan<byte> token, out long value)
    {
        token = Trim(token);
        if (token.Length > 0 && token[0] == (byte)'+') token = token[1..];
        return Utf8Parser.TryParse(token, out value, out int consumed) && consumed == token.Length && token.Length > 0;
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> token, out double value)
    {
        token = Trim(token);
        if (token.Length == 0) { value = 0; return false; }
        // .NET also accepts "NaN", "∞" and "Infinity" spellings pandas does not; pandas accepts inf/infinity in any case.
        var body = token[0] is (byte)'+' or (byte)'-' ? token[1..] : token;
        if (body.Length > 0 && (body[0] | 0x20) is (byte)'i' or (byte)'n')
        {
            if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
            {
                value = token[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            value = 0;
            return false;
        }
        if (body.Length > 0 && !(char.IsAsciiDigit((char)body[0]) || body[0] == (byte)'.')) { value = 0; return false; }
        return TryParseSimpleDecimal(token, out value) || double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static readonly double[] PowersOfTen = Enumerable.Range(0, 23).Select(e => Math.Pow(10, e)).ToArray();

    /// <summary>
    /// Exact fast path (Clinger's) for the common <c>[sign]digits[.digits]</c> form: when the digits fit in 2^53 and
    /// there are at most 22 decimals, mantissa / 10^decimals is one correctly rounded IEEE division of two exact
    /// values, so the result equals the full parser's. Anything else (exponents, long mantissas) takes the full parser.
    /// </summary>
    private static bool TryParseSimpleDecimal(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (token.Length > 0 && token[0] is (byte)'-' or (byte)'+') { negative = token[0] == (byte)'-'; i = 1; }
        ulong mantissa = 0;
        int digits = 0, decimals = -1;
        for (; i < token.Length; i++)
        {
            uint d = (uint)(token[i] - '0');
            if (d <= 9)
            {
                if (++digits > 19) return false;
                mantissa = mantissa * 10 + d;
                if (decimals >= 0) decimals++;
            }
            else if (token[i] == (byte)'.' && decimals < 0) decimals = 0;
            else return false;
        }
        int scale = Math.Max(decimals, 0);
        if (digits == 0 || mantissa > 1UL << 53 || scale > 22) return false;
        double result = mantissa;
        if (scale > 0) result /= PowersOfTen[scale];
        value = negative ? -result : result;
        return true;
    }

    /// <summary>pandas' default true_values/false_values: True/TRUE/true and False/FALSE/false.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<byte> token, out bool value)
    {
        if (token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8) || token.SequenceEqual("true"u8)) { value = true; return true; }
        if (token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8) || token.SequenceEqual("false"u8)) { value = false; return true; }
        value = false;
        return false;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> token)
    {
        int a = 0, b = token.Length;
        while (a < b && token[a] is (byte)' ' or (byte)'\t') a++;
        while (b > a && token[b - 1] is (byte)' ' or (byte)'\t') b--;
        return token[a..b];
    }
}
