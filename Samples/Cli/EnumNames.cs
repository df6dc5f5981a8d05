namespace DiveML.Samples.Cli;

/// <summary>
/// Enum values as typed on the command line: kebab-case (<c>TorchDefault</c> → <c>torch-default</c>), acronyms kept
/// whole (<c>ReLU</c> → <c>relu</c>).
/// </summary>
public static class EnumNames
{
    public static string Of<T>(T value) where T : struct, Enum => Kebab(value.ToString());

    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Of).ToArray();

    /// <summary>Accepts the kebab name or the name without dashes, in any case (<c>torch-default</c>, <c>TorchDefault</c>).</summary>
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            var name = Of(candidate);
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase) || text.Equals(name.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>A dash starts a word only where a capital follows a small letter and begins a capitalised word, so "ReLU" stays one word.</summary>
    public static string Kebab(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            bool wordStart = i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
            if (wordStart) text.Append('-');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
