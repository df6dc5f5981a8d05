namespace DiveML.Extensions.IO;

/// <summary>
/// Python csv's <c>QUOTE_MINIMAL</c>, which pandas' <c>to_csv</c> uses: a field is quoted only when it holds the
/// separator, a quote or a line break, and quotes inside it are doubled.
/// </summary>
public static class CsvQuoting
{
    /// <summary>The field as it appears in a comma-separated file.</summary>
    public static string Quote(string field) => Quote(field, ',');

    /// <summary>The field as it appears in a file separated by <paramref name="separator"/>.</summary>
    public static string Quote(string field, char separator)
    {
        ArgumentNullException.ThrowIfNull(field);
        foreach (char c in field)
            if (c == separator || c is '"' or '\r' or '\n')
                return "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return field;
    }
}
