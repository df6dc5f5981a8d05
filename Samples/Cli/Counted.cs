namespace DiveML.Samples.Cli;

/// <summary>A count with its noun in the right number, for the commands' summary lines ("1 row", "2 rows").</summary>
public static class Counted
{
    /// <summary><paramref name="count"/> and <paramref name="noun"/>, with an "s" unless the count is one.</summary>
    public static string Of(long count, string noun) => Of(count, noun, noun + "s");

    /// <summary><paramref name="count"/> and <paramref name="one"/> or, unless the count is one, <paramref name="many"/>.</summary>
    public static string Of(long count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
