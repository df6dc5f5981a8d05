using System.Globalization;

namespace DiveML.ServingBench;

/// <summary>Request bodies: one row is <c>{"Features": [...]}</c> with the floats in round-trip form.</summary>
public static class Json
{
    public static string Row(float[] features)
        => "{\"Features\":[" + string.Join(',', features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]}";
}
