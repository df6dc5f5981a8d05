using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DiveML.Samples.Cli;

/// <summary>
/// Builders for the options of every command. Each option parses its own text (invariant culture) and rejects a bad
/// or empty value with one line that names the option as typed and says what it accepts, so nothing runs on a
/// command line that would be silently reinterpreted.
/// </summary>
public static class CliOptions
{
    /// <summary>A largest sensible layer width: wider layers would only exhaust memory.</summary>
    public const int MaxLayerSize = 65_536;

    public delegate bool TryParse<T>(string text, out T value);

    /// <summary>"description [default: text]", for defaults that are not a single value of the option (e.g. per model).</summary>
    public static string WithDefault(string description, string defaultText) => $"{description} [default: {defaultText}]";

    /// <summary>
    /// The option's value when it was typed, else default: unlike <c>GetValue</c>, which gives an absent list option an
    /// empty array, so a command's own default (e.g. one hidden layer of 256) would be silently replaced by "none".
    /// </summary>
    public static T? ValueIfGiven<T>(this ParseResult parse, Option<T> option)
        => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : default;

    /// <summary>A file, folder or column name; never empty.</summary>
    public static Option<string> Text(string name, string helpName, string description, string? defaultValue = null)
        => Build<string>(name, helpName, description, $"a value ({helpName})", (string text, out string value) => (value = text).Length > 0, defaultValue);

    /// <summary>Like <see cref="Text"/>, but the empty string is a meaningful value (e.g. <c>--na-rep ""</c>).</summary>
    public static Option<string> TextOrEmpty(string name, string helpName, string description, string defaultValue)
        => Build<string>(name, helpName, description, "text", (string text, out string value) => { value = text; return true; }, defaultValue);

    /// <summary>
    /// pandas' <c>na_rep</c>: the text of a missing value, empty by default. It is written unquoted, as pandas writes it,
    /// so a comma, a quote or a line break in it would add fields to every row with a missing value: refused here.
    /// </summary>
    public static Option<string> NaRep(string name = "--na-rep")
        => Build<string>(name, "TEXT", "text of a value that is still missing (default: empty, as pandas' to_csv); no comma, quote or line break",
            "text without a comma, a quote or a line break (it is written unquoted, so it would add fields to every row with a missing value)",
            (string text, out string value) => (value = text).AsSpan().IndexOfAny(",\"\r\n") < 0, "");

    public static Option<string> RequiredText(string name, string helpName, string description)
    {
        var option = Text(name, helpName, description);
        option.Required = true;
        return option;
    }

    public static Option<int> Int(string name, string helpName, string description, int defaultValue, int min, int max)
        => Build<int>(name, helpName, description, IntRange(min, max), (string text, out int value) => TryInt(text, min, max, out value), defaultValue);

    /// <summary>An integer whose default depends on other options (null when not given).</summary>
    public static Option<int?> OptionalInt(string name, string helpName, string description, int min = int.MinValue, int max = int.MaxValue)
        => Build<int?>(name, helpName, description, IntRange(min, max), (string text, out int? value) => { value = TryInt(text, min, max, out int v) ? v : null; return value is not null; });

    public static Option<double> Double(string name, string helpName, string description, double defaultValue, double min, double max)
        => Build<double>(name, helpName, description, DoubleRange(min, max), (string text, out double value) => TryDouble(text, min, max, out value), defaultValue);

    public static Option<double?> OptionalDouble(string name, string helpName, string description, double min, double max)
        => Build<double?>(name, helpName, description, DoubleRange(min, max), (string text, out double? value) => { value = TryDouble(text, min, max, out double v) ? v : null; return value is not null; });

    /// <summary>
    /// An enum written kebab-case (<c>torch-default</c>); null when not given. Defaults are written into the description
    /// (<see cref="WithDefault"/>) because System.CommandLine would print an enum default as C# spells it (TorchDefault).
    /// </summary>
    public static Option<T?> OptionalEnum<T>(string name, string description) where T : struct, System.Enum
        => Build<T?>(name, string.Join('|', EnumNames.All<T>()), description, OneOf(EnumNames.All<T>()),
            (string text, out T? value) => { value = EnumNames.TryParse(text, out T v) ? v : null; return value is not null; });

    /// <summary>
    /// One of a few words (e.g. <c>--model linear|softmax|mlp</c>); the value is returned in lower case. A word of
    /// <paramref name="synonyms"/> (not shown in help) stands for its allowed value, e.g. an older name.
    /// </summary>
    public static Option<string> Choice(string name, string description, IReadOnlyList<string> allowed, string? defaultValue = null,
        IReadOnlyDictionary<string, string>? synonyms = null)
        => Build<string>(name, string.Join('|', allowed), description, OneOf(allowed), (string text, out string value) =>
        {
            value = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase))
                ?? synonyms?.FirstOrDefault(s => s.Key.Equals(text, StringComparison.OrdinalIgnoreCase)).Value ?? "";
            return value.Length > 0;
        }, defaultValue);

    /// <summary>Comma-separated words, each one of <paramref name="allowed"/>, none twice (e.g. <c>--models mlp,lightgbm</c>); returned in lower case.</summary>
    public static Option<string[]?> ChoiceList(string name, string description, IReadOnlyList<string> allowed)
        => Build<string[]?>(name, string.Join(',', allowed.Take(2)) + ",…", description, $"names from {string.Join(", ", allowed)} separated by commas, each once",
            (string text, out string[]? value) => TryList(text, (string item, out string v) =>
                (v = allowed.FirstOrDefault(a => a.Equals(item, StringComparison.OrdinalIgnoreCase)) ?? "").Length > 0, out value)
                && value!.Distinct().Count() == value!.Length);

    /// <summary>Comma-separated whole numbers, e.g. <c>--hidden 512,256</c>.</summary>
    public static Option<int[]?> IntList(string name, string helpName, string description, int min, int max)
        => Build<int[]?>(name, helpName, description, $"whole numbers from {min} to {max} separated by commas",
            (string text, out int[]? value) => TryList(text, (string item, out int v) => TryInt(item, min, max, out v), out value));

    /// <summary>Comma-separated probabilities in [0, 1), e.g. <c>--dropout 0.2,0.5</c>.</summary>
    public static Option<double[]?> ProbabilityList(string name, string helpName, string description)
        => Build<double[]?>(name, helpName, description, "probabilities from 0 up to (not including) 1 separated by commas",
            (string text, out double[]? value) => TryList(text, (string item, out double v) => TryDouble(item, 0, Math.BitDecrement(1.0), out v), out value));

    /// <summary>Comma-separated names, e.g. <c>--exclude Id,SalePrice</c>; spaces around names are ignored.</summary>
    public static Option<string[]?> NameList(string name, string helpName, string description)
        => Build<string[]?>(name, helpName, description, "names separated by commas",
            (string text, out string[]? value) => TryList(text, (string item, out string v) => (v = item).Length > 0, out value));

    /// <summary>A switch: present or not, never followed by a value.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    public static bool TryInt(string text, int min, int max, out int value)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    public static bool TryDouble(string text, double min, double max, out double value)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value >= min && value <= max;

    /// <summary>Splits on commas; an empty text or an empty item ("512,,256") is an error, never a default.</summary>
    public static bool TryList<T>(string text, TryParse<T> item, out T[]? values)
    {
        values = null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var parsed = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (parts[i].Length == 0 || !item(parts[i], out parsed[i])) return false;
        values = parsed;
        return true;
    }

    private static Option<T> Build<T>(string name, string helpName, string description, string expectation, TryParse<T> parse, T? defaultValue = default)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                // Arity (one value per option) is checked by the parser itself; this only judges the text.
                string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (parse(text, out var value)) return value;
                result.AddError(text.Length == 0 ? $"{name} is empty: give {expectation}." : $"{name} must be {expectation} (got '{text}').");
                return default;
            },
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue!;
        return option;
    }

    private static string IntRange(int min, int max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "a whole number",
        (_, int.MaxValue) => $"a whole number of at least {min}",
        _ => $"a whole number from {min} to {max}",
    };

    private static string DoubleRange(double min, double max)
        => $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";

    private static string OneOf(IReadOnlyList<string> allowed) => $"one of {string.Join(", ", allowed)}";
}
