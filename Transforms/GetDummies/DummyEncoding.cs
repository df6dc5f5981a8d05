namespace DiveML.Transforms;

/// <summary>The fitted encoding of one column: its sorted levels and the pandas name of each output slot.</summary>
public sealed class DummyEncoding
{
    private DummyEncoding(string column, string outputColumn, IReadOnlyList<string> levels, IReadOnlyList<string> slotNames, bool hasNaSlot)
    {
        Column = column;
        OutputColumn = outputColumn;
        Levels = levels;
        SlotNames = slotNames;
        HasNaSlot = hasNaSlot;
    }

    /// <summary>The encoded input column (the prefix of the slot names).</summary>
    public string Column { get; }

    /// <summary>The output column holding the indicator vector (the input column itself when encoding in place).</summary>
    public string OutputColumn { get; }

    /// <summary>Levels seen at fit time, in code point order, as pandas sorts them (not .NET's ordinal order, which differs beyond U+FFFF).</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>Output slot names in order: <c>&lt;col&gt;_&lt;level&gt;</c> per level, then <c>&lt;col&gt;_nan</c> when DummyNa is on.</summary>
    public IReadOnlyList<string> SlotNames { get; }

    /// <summary>Whether the last slot is the missing-value indicator.</summary>
    public bool HasNaSlot { get; }

    internal static DummyEncoding Create(string column, string outputColumn, IEnumerable<string> sortedLevels, bool dummyNa, string separator)
    {
        var levels = sortedLevels.ToArray();
        var names = levels.Select(level => SlotName(column, separator, level, dummyNa)).ToList();
        if (dummyNa) names.Add(NaSlotName(column, separator));
        if (names.Count != names.Distinct(StringComparer.Ordinal).Count())
        {
            var shared = names.GroupBy(n => n, StringComparer.Ordinal).First(g => g.Count() > 1).Key;
            throw new InvalidOperationException($"GetDummies: two levels of column '{column}' would both be named '{shared}' (a literal \"nan\" level is renamed so as not to share the missing indicator's name). Rename one of the levels first.");
        }
        return new DummyEncoding(column, outputColumn, levels, names, dummyNa);
    }

    /// <summary>
    /// The ML.NET expression that turns a value of <paramref name="column"/> into its slot name — the same names as
    /// <see cref="Create"/>, for any value, seen or not: missing (the empty string) → <c>&lt;col&gt;_nan</c> with DummyNa,
    /// else the empty string (which <c>MapValueToKey</c> maps to no slot). With DummyNa a literal <c>nan</c> level is
    /// named <c>&lt;col&gt;_"nan"</c>, the name a literal <c>"nan"</c> (quotes included) would have: whichever of the two
    /// is not a level (<paramref name="nanIsLevel"/>) maps to no slot. It depends on the levels only through that, so one
    /// compiled expression per column and setting serves nearly every fit.
    /// </summary>
    internal static string SlotNameExpression(string column, string separator, bool dummyNa, bool nanIsLevel)
    {
        string prefix = ExpressionLiteral.Of(column + separator);
        string named = !dummyNa ? $"concat({prefix}, x)"
            : nanIsLevel
                ? $"x == \"nan\" ? {ExpressionLiteral.Of(SlotName(column, separator, "nan", dummyNa))} : (x == {ExpressionLiteral.Of("\"nan\"")} ? \"\" : concat({prefix}, x))"
                : $"x == \"nan\" ? \"\" : concat({prefix}, x)";
        return $"x => x == \"\" ? {(dummyNa ? ExpressionLiteral.Of(NaSlotName(column, separator)) : "x")} : ({named})";
    }

    // A literal "nan" level must not share the missing indicator's slot (pandas would emit two columns with one name).
    private static string SlotName(string column, string separator, string level, bool dummyNa)
        => column + separator + (level == "nan" && dummyNa ? "\"nan\"" : level);

    private static string NaSlotName(string column, string separator) => column + separator + "nan";
}
