using System.CommandLine;
using System.CommandLine.Parsing;

namespace DiveML.Samples.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into dive's one-line messages: an unknown word is named once, as an
/// unknown option, command or argument (with the nearest valid name when one is close), instead of one error per token.
/// </summary>
public static class UsageErrors
{
    /// <summary>One line per problem of <paramref name="parse"/>; <paramref name="help"/> (e.g. <c>./dive kaggle --help</c>) ends unknown-word messages.</summary>
    public static IReadOnlyList<string> Describe(ParseResult parse, string help)
    {
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens;
        var lines = new List<string>();
        if (unmatched.Count > 0) lines.Add(Unmatched(command, unmatched, help));
        else if (command.Action is null && command.Subcommands.Count > 0)
            lines.Add($"name a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}. Run '{help}' for what each does.");
        foreach (var error in parse.Errors)
        {
            // Already said above: the "unrecognized" error of every unmatched word, and "a command is required".
            bool aboutUnmatched = error.SymbolResult is CommandResult && (unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)) || command.Action is null);
            if (!aboutUnmatched) lines.Add(error.Message);
        }
        return lines.Distinct().ToList();
    }

    private static string Unmatched(Command command, IReadOnlyList<string> tokens, string help)
    {
        var option = tokens.FirstOrDefault(t => t.StartsWith('-'));
        if (option is not null)
            return $"unknown option '{option}'{DidYouMean(option, command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)))}. Run '{help}' for the options.";
        if (command.Subcommands.Count > 0)
            return $"unknown command '{tokens[0]}'{DidYouMean(tokens[0], command.Subcommands.Select(c => c.Name))}: the commands are {string.Join(", ", command.Subcommands.Select(c => c.Name))}.";
        return $"unexpected argument '{tokens[0]}': options are written --name value. Run '{help}' for the options.";
    }

    private static string DidYouMean(string typed, IEnumerable<string> names)
    {
        var best = names.Select(n => (Name: n, Distance: Distance(typed, n))).Where(c => c.Distance <= 2).OrderBy(c => c.Distance).FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean '{best.Name}'?)";
    }

    /// <summary>Levenshtein distance: typos such as --epoch, --learning-rat or fashion-minst are one or two edits away.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
