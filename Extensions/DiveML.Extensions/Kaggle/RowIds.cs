namespace DiveML.Extensions.Kaggle;

/// <summary>
/// The ids that key a submission. Kaggle matches predictions to test rows by id and rejects a file whose ids repeat, and
/// a prediction under an empty id belongs to no row, so both are refused before anything is trained or written.
/// </summary>
public static class RowIds
{
    /// <summary>Refuses an empty id or an id that occurs twice, naming the file, the id column, the ids and their lines.</summary>
    /// <param name="ids">The id of each row, in row order (<see cref="Submission.ReadIds"/>).</param>
    /// <param name="lines">The 1-based line each row starts on (<see cref="Data.CsvTable.Lines"/>).</param>
    /// <param name="path">The file, as the user gave it.</param>
    /// <param name="idColumn">The id column.</param>
    /// <exception cref="InvalidDataException">An id is empty or repeated.</exception>
    public static void RequireUnique(IReadOnlyList<string> ids, IReadOnlyList<int> lines, string path, string idColumn)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(lines);
        var empty = Enumerable.Range(0, ids.Count).Where(i => ids[i].Length == 0).ToList();
        if (empty.Count > 0)
            throw new InvalidDataException($"{path}: the id column '{idColumn}' is empty on {Lines(empty, lines)}. Every row needs an id: " +
                "a submission matches predictions to rows by it.");
        var repeated = Enumerable.Range(0, ids.Count).GroupBy(i => ids[i], StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        if (repeated.Count > 0)
            throw new InvalidDataException($"{path}: {(repeated.Count == 1 ? "an id occurs" : $"{repeated.Count} ids occur")} more than once in column '{idColumn}': " +
                string.Join("; ", repeated.Take(5).Select(g => $"'{g.Key}' on {Lines(g.ToList(), lines)}")) + (repeated.Count > 5 ? "; …" : "") +
                ". Each row needs its own id: a submission matches predictions to rows by it, and Kaggle rejects repeated ids.");
    }

    private static string Lines(IReadOnlyList<int> rows, IReadOnlyList<int> lines)
    {
        var shown = rows.Take(10).Select(r => lines[r].ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return (rows.Count == 1 ? "line " : "lines ") + string.Join(", ", shown) + (rows.Count > 10 ? $" and {rows.Count - 10} more" : "");
    }
}
