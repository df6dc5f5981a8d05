using System.Text;

namespace DiveML.Extensions.Data;

/// <summary>
/// Recognises missing-value tokens on raw UTF-8 bytes without decoding: tokens are grouped by byte length, so a field
/// is compared only with the few tokens of its own length (most numbers match none).
/// </summary>
internal sealed class NaTokenMatcher
{
    private readonly byte[][][] _byLength;
    private readonly HashSet<string> _tokens;

    public NaTokenMatcher(IEnumerable<string> tokens)
    {
        _tokens = new HashSet<string>(tokens, StringComparer.Ordinal);
        var encoded = _tokens.Select(Encoding.UTF8.GetBytes).ToList();
        int max = encoded.Count == 0 ? -1 : encoded.Max(b => b.Length);
        _byLength = new byte[max + 1][][];
        for (int n = 0; n <= max; n++) _byLength[n] = encoded.Where(b => b.Length == n).ToArray();
    }

    /// <summary>
    /// Whether the raw field is a missing-value token; <paramref name="unescapedText"/> is the field's text when it held
    /// <c>""</c> escapes (then the bytes are not the value), else null.
    /// </summary>
    public bool IsMissing(ReadOnlySpan<byte> raw, string? unescapedText)
    {
        if (unescapedText is not null) return _tokens.Contains(unescapedText);
        if (raw.Length >= _byLength.Length) return false;
        foreach (var token in _byLength[raw.Length])
            if (raw.SequenceEqual(token)) return true;
        return false;
    }
}
