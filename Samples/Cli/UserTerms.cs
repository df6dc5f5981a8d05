using System.Text.RegularExpressions;
using DiveML.Trainers;

namespace DiveML.Samples.Cli;

/// <summary>
/// Library messages in the command line's terms. DiveML's libraries speak to programmers: they name the pipeline's own
/// columns (<c>'Features'</c>, <c>'Label'</c>), count rows within the part of the data a trainer was given, and suggest
/// API calls (<c>mlContext.Transforms.FillNaMean(...)</c>, <c>MapValueToKey</c>, <c>EarlyStopping</c>). A command
/// validates its files up front so that such errors do not arise; should one still arise, this says it with the user's
/// column names and options, keeping the rest of the detail.
/// </summary>
public static partial class UserTerms
{
    /// <summary>
    /// <paramref name="e"/> with its message in the user's terms (an <see cref="InvalidDataException"/> wrapping it), or
    /// <paramref name="e"/> itself when it is not one of the library's messages (a bug, reported as such).
    /// </summary>
    /// <param name="e">What the library threw.</param>
    /// <param name="columns">The pipeline's own column names and the user's name for each (e.g. "Label_1" → "the label 'y'").</param>
    public static Exception Translate(Exception e, IReadOnlyDictionary<string, string> columns)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(columns);
        // What a parallel loop or a reflection call wrapped around the library's exception.
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException { InnerException: not null })
            e = e.InnerException!;
        if (e is UsageException || !(e is FormatException or IOException or InvalidDataException or ArgumentException or InvalidOperationException)) return e;
        var text = Message(e, columns);
        return text == e.Message ? e : new InvalidDataException(text, e);
    }

    /// <summary>The translated message (see <see cref="Translate"/>).</summary>
    public static string Message(Exception e, IReadOnlyDictionary<string, string> columns)
    {
        ArgumentNullException.ThrowIfNull(e);
        // .NET appends "Actual value was N." on a line of its own to an out-of-range message: it repeats what the
        // message says, and once the lines are joined below nothing could tell it from the message.
        var text = ActualValue().Replace(Parameter().Replace(e.Message, ""), "");
        if (e is TrainingDivergedException)
            text = text.Replace("Use a smaller learning rate, standardise the features, or switch to the Adam optimizer.",
                "Lower --lr, or use --optimizer adam (dive standardises the features already).", StringComparison.Ordinal);
        foreach (var (inside, user) in columns)
        {
            // "feature column 'Features', slot 3 ('x')" is the user's column x.
            text = Regex.Replace(text, $@"feature column '{Regex.Escape(inside)}', slot \d+ \('([^']*)'\)", "feature '$1'");
            text = text.Replace($"label '{inside}'", user, StringComparison.Ordinal)
                .Replace($"Label column '{inside}'", user, StringComparison.Ordinal)
                .Replace($"'{inside}'", user, StringComparison.Ordinal);
        }
        // Rows counted within what one fold's trainer was given, from 0: say so rather than let them pass for lines.
        text = FoldRow().Replace(text, m => $"row {m.Groups[2].Value} (counted from 0) of a fold's {(m.Groups[1].Value == "Validation" ? "held-out" : "training")} rows");
        text = text.Replace("train without EarlyStopping", "run without --early-stopping", StringComparison.Ordinal);
        // Advice in API terms means nothing on the command line: it goes, the facts stay.
        text = string.Join(" ", Sentence().Split(text).Select(WithoutApiAdvice).Where(s => s.Length > 0)).Trim();
        // The commands refuse infinite values in the files up front, so an infinite feature inside a fold is a finite
        // value that overflowed the networks' 32-bit floats once standardised with the fold's training rows.
        if (FoldInfinity().Match(text) is { Success: true } overflow)
            text += $" The files hold no infinite value, so a value of '{overflow.Groups[1].Value}' far outside the rest of its column (such as 1e39 among " +
                "values near 1) went beyond the range of 32-bit numbers (±3.4e38) once standardised with the fold's training rows: correct or clip its extreme values, or rescale the column.";
        return text;
    }

    /// <summary>
    /// A sentence up to the clause that names an API ("… must be a key: add mlContext…" keeps "… must be a key."), or
    /// nothing when the whole sentence is such advice ("Force String instead.").
    /// </summary>
    private static string WithoutApiAdvice(string sentence)
    {
        int api = ApiWords.Select(w => sentence.IndexOf(w, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (api < 0) return sentence;
        int clause = new[] { ": ", "; ", ", ", " (" }.Select(b => sentence.LastIndexOf(b, api, StringComparison.Ordinal)).Max();
        return clause > 0 ? sentence[..clause].TrimEnd() + "." : "";
    }

    private static readonly string[] ApiWords =
        ["mlContext", "MapValueToKey", "FilterRowsByMissingValues", "FillNaMean", "ReplaceMissingValues", "Force String", "Force Double",
         "AllMissing", "ValidationData", "FeatureColumnName", "LabelColumnName", "DiveModelLoadOptions", "DiveModelFile"];

    /// <summary>The line .NET appends to an out-of-range message ("Actual value was 5."), which repeats what it says.</summary>
    [GeneratedRegex(@"\r?\nActual value was [^\r\n]*")]
    internal static partial Regex ActualValue();

    [GeneratedRegex(@"of a fold's (?:held-out|training) rows: feature '([^']*)' is -?Infinity\.")]
    private static partial Regex FoldInfinity();

    /// <summary>What .NET appends to name a C# parameter (" (Parameter 'folds')"), which is no option of the user's.</summary>
    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    internal static partial Regex Parameter();

    [GeneratedRegex(@"\b(Training|Validation) row (\d+)")]
    private static partial Regex FoldRow();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z(])")]
    private static partial Regex Sentence();
}
