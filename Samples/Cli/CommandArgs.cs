using System.Globalization;

namespace DiveML.Samples.Cli;

/// <summary>
/// Parsed <c>--name value</c> / <c>--flag</c> options of one command. Every option a command reads is recorded, so
/// <see cref="EnsureAllUsed"/> can reject a misspelt option instead of silently ignoring it.
/// </summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];
    private int _positionalsUsed;

    public CommandArgs(string command, IEnumerable<string> args, TextWriter? output = null, TextWriter? error = null)
    {
        Command = command;
        Out = output ?? Console.Out;
        Error = error ?? Console.Error;
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                if (_values.Count > 0 || a.StartsWith('-'))
                    throw new UsageException($"'{a}' is not an option: options look like --name value. Run './dive {command} --help'.");
                _positionals.Add(a); // leading words, e.g. the target of 'dive bench train'
                continue;
            }
            var name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal)) value = list[++i];
            if (!_values.TryAdd(name, value)) throw new UsageException($"Option --{name} is given twice.");
        }
    }

    public string Command { get; }

    /// <summary>Where the command prints results (the console, or a test's writer).</summary>
    public TextWriter Out { get; }

    /// <summary>Where the command prints warnings and progress.</summary>
    public TextWriter Error { get; }

    public bool HelpRequested => _values.ContainsKey("help");

    /// <summary>The next leading word (e.g. <c>train</c> in <c>dive bench train</c>), or null.</summary>
    public string? Positional() => _positionalsUsed < _positionals.Count ? _positionals[_positionalsUsed++] : null;

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var v)) return false;
        if (v is not null) throw new UsageException($"--{name} is a flag and takes no value (got '{v}').");
        return true;
    }

    public string? Optional(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var v)) return null;
        return v ?? throw new UsageException($"--{name} needs a value.");
    }

    public string Required(string name) => Optional(name) ?? throw new UsageException($"--{name} is required. Run './dive {Command} --help'.");

    public string String(string name, string fallback) => Optional(name) ?? fallback;

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Optional(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new UsageException($"--{name} must be a whole number between {min} and {max} (got '{text}').");
        return v;
    }

    public double Double(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = Optional(name);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < min || v > max)
            throw new UsageException($"--{name} must be a number between {min} and {max} (got '{text}').");
        return v;
    }

    public T Enum<T>(string name, T fallback) where T : struct, Enum
    {
        var text = Optional(name);
        if (text is null) return fallback;
        var normalised = text.Replace("-", "", StringComparison.Ordinal);
        if (System.Enum.TryParse<T>(normalised, ignoreCase: true, out var v) && System.Enum.IsDefined(v)) return v;
        var allowed = string.Join("|", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new UsageException($"--{name} must be one of {allowed} (got '{text}').");
    }

    public IReadOnlyList<string> List(string name)
    {
        var text = Optional(name);
        return text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public void EnsureAllUsed()
    {
        if (_positionalsUsed < _positionals.Count)
            throw new UsageException($"Unexpected argument '{_positionals[_positionalsUsed]}' for '{Command}'. Run './dive {Command} --help'.");
        var unknown = _values.Keys.Where(k => !_used.Contains(k) && k != "help").ToList();
        if (unknown.Count > 0)
            throw new UsageException($"Unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => "--" + u))} for '{Command}'. Run './dive {Command} --help'.");
    }
}

/// <summary>A command line the user must correct; printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
