namespace DiveML.Samples.Cli;

/// <summary>
/// Refuses, before any work, a command line whose files collide: an output that is another output (one would silently
/// replace the other: <c>--save-model</c> equal to <c>--out</c>, <c>--oof</c> equal to the submission) or an input
/// (the result would replace the data it was computed from). Paths are compared as full paths (relative and absolute
/// spellings, <c>.</c> and <c>..</c>); an input given as a symbolic link is the file it reaches. An output's own link is
/// not followed, since outputs replace a link rather than write through it (<see cref="DiveML.Extensions.IO.AtomicFile"/>).
/// </summary>
public static class OutputPaths
{
    /// <summary>
    /// One file of a command line: the option that names it (as typed), its path, whether the command writes it, and for
    /// a file the command writes inside a folder option (<c>--out DIR</c>), that folder.
    /// </summary>
    public readonly record struct Named(string Option, string? Path, bool Output, string? Folder = null)
    {
        /// <summary>How the user gave it: "--oof a.csv", or "--out DIR (its submission.csv)".</summary>
        public string Display => Folder is null ? $"{Option} {Path}" : $"{Option} {Folder} (its {System.IO.Path.GetFileName(Path)})";
    }

    /// <summary>An input file given with <paramref name="option"/>.</summary>
    public static Named Input(string option, string? path) => new(option, path, false);

    /// <summary>A file the command writes, named by <paramref name="option"/>.</summary>
    public static Named Output(string option, string? path) => new(option, path, true);

    /// <summary>The file <paramref name="name"/> the command writes in the folder given with <paramref name="option"/>.</summary>
    public static Named OutputIn(string option, string folder, string name) => new(option, System.IO.Path.Combine(folder, name), true, folder);

    /// <summary>
    /// Throws a <see cref="UsageException"/> (exit 2) naming both options when an output is any other file given, and
    /// naming the option when an output file cannot be written where it was asked for: it names a folder, or its folder
    /// does not exist. Checked here, before any work, so a long run does not end by failing to write its last file.
    /// </summary>
    public static void RequireDistinct(params Named[] files)
    {
        var given = files.Where(f => !string.IsNullOrEmpty(f.Path)).Select(f => (File: f, Key: Key(f.Path!, f.Output))).ToList();
        for (int i = 0; i < given.Count; i++)
            for (int j = i + 1; j < given.Count; j++)
            {
                var (a, b) = (given[i].File, given[j].File);
                if ((a.Output || b.Output) && given[i].Key == given[j].Key)
                {
                    var (written, other) = a.Output ? (a, b) : (b, a);
                    throw new UsageException($"{written.Display} and {other.Display} are the same file: " +
                        (other.Output ? "one output would replace the other" : "the output would replace the input") + ". Give them different paths.");
                }
            }
        RequireWritable(files);
    }

    /// <summary>Refuses output paths that cannot be written: a file that is a folder, a folder that is missing or is a file.</summary>
    private static void RequireWritable(Named[] files)
    {
        // A folder option (--out DIR) is created when missing, with its parents, so a file may be written in any of them.
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in files.Where(f => f.Folder is not null).Select(f => System.IO.Path.GetFullPath(f.Folder!)))
            for (var dir = System.IO.Path.TrimEndingDirectorySeparator(folder); !string.IsNullOrEmpty(dir); dir = System.IO.Path.GetDirectoryName(dir))
                created.Add(dir);
        // A folder option with an existing file among its parents cannot be created (the command says so of the folder itself).
        foreach (var file in files.Where(f => f.Folder is not null))
            for (var dir = System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(file.Folder!))); !string.IsNullOrEmpty(dir); dir = System.IO.Path.GetDirectoryName(dir))
                if (File.Exists(dir))
                    throw new UsageException($"{file.Option} {file.Folder}: {dir} is a file, so the folder cannot be created there. Give another folder.");
        foreach (var file in files.Where(f => f.Output && f.Folder is null && !string.IsNullOrEmpty(f.Path)))
        {
            var full = System.IO.Path.GetFullPath(file.Path!);
            if (Directory.Exists(full) || created.Contains(System.IO.Path.TrimEndingDirectorySeparator(full)))
                throw new UsageException($"{file.Display} is a folder{(Directory.Exists(full) ? "" : " (the output folder, created for the run)")}; give the path of a file.");
            var folder = System.IO.Path.GetDirectoryName(full);
            if (folder is not null && File.Exists(folder))
                throw new UsageException($"{file.Display}: {folder} is a file, not a folder. Give a path in a folder.");
            if (folder is not null && !Directory.Exists(folder) && !created.Contains(folder))
                throw new UsageException($"{file.Display}: the folder {folder} does not exist. Create it first, or give a path in an existing folder.");
        }
    }

    /// <summary>The file a path names: its full path, and for an input that is a link, the file the link reaches.</summary>
    private static string Key(string path, bool output)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (output) return full;
        try
        {
            if (new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target) full = target.FullName;
        }
        catch (IOException)
        {
            // A link loop or an unreadable link: compare the path as written.
        }
        return full;
    }
}
