namespace DiveML.Transforms;

/// <summary>
/// Orders strings by Unicode code point, as Python (and so pandas and numpy) sorts <c>str</c>. .NET's ordinal order
/// compares UTF-16 code units, which differs for characters beyond U+FFFF: their surrogates (U+D800–U+DFFF) sort
/// before U+E000–U+FFFF, where their code points sort after. Mapping each code unit so that surrogates come last gives
/// code point order without decoding (the same fix-up as ICU's code point order for UTF-16).
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static readonly CodePointComparer Instance = new();

    private CodePointComparer() { }

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int length = Math.Min(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            char a = x[i], b = y[i];
            if (a != b) return Rank(a) - Rank(b);
        }
        return x.Length - y.Length;
    }

    // U+D800–U+DFFF move above U+FFFF's place, U+E000–U+FFFF move down into the gap: order is then code point order.
    private static int Rank(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;
}
