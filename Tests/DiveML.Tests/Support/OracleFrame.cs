using System.Text.Json;

namespace DiveML.Tests.Support;

/// <summary>
/// A pandas oracle table (<c>{"shape","columns","dtypes","data"}</c> JSON written by pandas 1.5.3): null = missing,
/// numbers as doubles, text as strings, booleans as bools.
/// </summary>
public sealed class OracleFrame
{
    public required string[] Columns { get; init; }
    public required string[] Dtypes { get; init; }
    public required object?[][] Rows { get; init; }

    public int RowCount => Rows.Length;

    public object?[] Column(string name)
    {
        int c = Array.IndexOf(Columns, name);
        if (c < 0) throw new KeyNotFoundException(name);
        return Rows.Select(r => r[c]).ToArray();
    }

    public static OracleFrame Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var columns = root.GetProperty("columns").EnumerateArray().Select(e => e.ToString()).ToArray();
        var dtypes = root.GetProperty("dtypes").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var rows = root.GetProperty("data").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(Convert).ToArray()).ToArray();
        return new OracleFrame { Columns = columns, Dtypes = dtypes, Rows = rows };
    }

    private static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new NotSupportedException(e.ValueKind.ToString()),
    };
}
