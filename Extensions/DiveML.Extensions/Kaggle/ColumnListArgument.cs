namespace DiveML.Extensions.Kaggle;

/// <summary>
/// Column names written as the value of a <c>dive</c> option that takes a comma-separated list (<c>--drop</c>,
/// <c>--exclude</c>), ready to paste into a shell, for messages that suggest such an option. The option splits on
/// commas and trims each name, so a name with a comma, with white space at either end, or that looks like an option
/// cannot be given that way: then there is no suggestion to make.
/// </summary>
public static class ColumnListArgument
{
    /// <summary>The names as one shell word (quoted when needed), or null when one of them cannot be given in the list.</summary>
    public static string? Of(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToList();
        if (list.Count == 0 || list.Any(n => n.Length == 0 || n.Contains(',') || n.Trim() != n || n.StartsWith('-'))) return null;
        var text = string.Join(",", list);
        return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-' or ',' or '/')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
