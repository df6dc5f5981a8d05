namespace DiveML.Serving;

/// <summary>A request the model cannot score, in the client's terms: the field (and batch row) at fault and why.</summary>
public sealed class InputError(string message, string? field = null, int? row = null) : Exception(message)
{
    /// <summary>The JSON field at fault, or null when the request as a whole is wrong.</summary>
    public string? Field { get; } = field;

    /// <summary>The 0-based row of a batch request, or null.</summary>
    public int? Row { get; } = row;

    /// <summary>The same error, located in row <paramref name="index"/> of a batch.</summary>
    public InputError InRow(int index) => new($"Row {index}: {Message}", Field, index);
}
