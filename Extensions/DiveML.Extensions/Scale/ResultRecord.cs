namespace DiveML.Extensions.Scale;

/// <summary>
/// A unit's result as stored: one header line with the SHA-256 of the payload, then the payload (the result's JSON).
/// A truncated, edited or otherwise damaged record no longer matches its hash, and is reported and recomputed instead
/// of being used.
/// </summary>
public static class ResultRecord
{
    private const string Header = "dive-unit-result/1 sha256=";

    /// <summary>The stored text of <paramref name="payload"/>.</summary>
    public static string Seal(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Header + UnitJson.Sha256(payload) + "\n" + payload;
    }

    /// <summary>The payload of <paramref name="record"/>, or null with <paramref name="problem"/> saying what is wrong with it.</summary>
    public static string? Open(string record, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(record);
        int end = record.IndexOf('\n');
        if (!record.StartsWith(Header, StringComparison.Ordinal) || end != Header.Length + 64)
        {
            problem = record.Length == 0 ? "the record is empty" : "the record does not start with its hash line (not written by dive, or cut short)";
            return null;
        }
        var expected = record[Header.Length..end];
        var payload = record[(end + 1)..];
        var actual = UnitJson.Sha256(payload);
        if (actual != expected)
        {
            problem = $"its content does not match its hash (sha256 {actual[..12]}…, recorded {expected[..12]}…): truncated or changed after it was written";
            return null;
        }
        problem = null;
        return payload;
    }
}
