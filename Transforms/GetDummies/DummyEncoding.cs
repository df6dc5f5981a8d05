namespace DiveML.Transforms;

/// <summary>The fitted encoding of one column: its sorted levels and the pandas name of each output slot.</summary>
public sealed class DummyEncoding
{
    private DummyEncoding(string column, string outputColumn, IReadOnlyList<string> levels, IReadOnlyList<string> slotNames, bool hasNaSlot,
        IReadOnlyDictionary<string, string> valueToSlotName)
    {
        Column = column;
        OutputColumn = outputColumn;
        Levels = levels;
        SlotNames = slotNames;
        HasNaSlot = hasNaSlot;
        ValueToSlotName = valueToSlotName;
    }

    /// <summary>The encoded input column (the prefix of the slot names).</summary>
    public string Column { get; }

    /// <summary>The output column holding the indicator vector (the input column itself when encoding in place).</summary>
    public string OutputColumn { get; }

    /// <summary>Levels seen at fit time, in ordinal (code-point) order, as pandas sorts them.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>Output slot names in order: <c>&lt;col&gt;_&lt;level&gt;</c> per level, then <c>&lt;col&gt;_nan</c> when DummyNa is on.</summary>
    public IReadOnlyList<string> SlotNames { get; }

    /// <summary>Whether the last slot is the missing-value indicator.</summary>
    public bool HasNaSlot { get; }

    /// <summary>Input value → slot name; the empty string (missing) maps to the nan slot when there is one.</summary>
    internal IReadOnlyDictionary<string, string> ValueToSlotName { get; }

    internal static DummyEncoding Create(string column, string outputColumn, IEnumerable<string> sortedLevels, bool dummyNa, string separator)
    {
        var levels = sortedLevels.ToArray();
        string naName = column + separator + "nan";
        var names = new List<string>(levels.Length + 1);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var level in levels)
        {
            // A literal "nan" level must not share the missing indicator's slot (pandas would emit two columns with one name).
            var name = level == "nan" && dummyNa ? column + separator + "\"nan\"" : column + separator + level;
            names.Add(name);
            map[level] = name;
        }
        if (dummyNa)
        {
            names.Add(naName);
            map[""] = naName;
        }
        return new DummyEncoding(column, outputColumn, levels, names, dummyNa, map);
    }
}
