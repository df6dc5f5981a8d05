using System.Collections.Concurrent;
using System.Diagnostics;

namespace DiveML.Tests.Support;

/// <summary>
/// A <c>dive</c> process the test watches line by line (standard output) and can kill like a crash (SIGKILL). Disposing
/// kills it and every process it started, so no worker outlives a failed test.
/// </summary>
public sealed class DiveProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _all = new();
    private readonly ConcurrentQueue<string> _errors = new();
    // pid → start time (/proc/PID/stat field 22): a remembered child is killed only if that pid is still the same process.
    private readonly Dictionary<int, string> _children = [];

    private DiveProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _lines.CompleteAdding(); return; }
            _all.Enqueue(e.Data);
            _lines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static DiveProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [DiveApp.Dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        return new DiveProcess(Process.Start(start)!);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _all);

    public string Errors => string.Join('\n', _errors);

    /// <summary>Waits for a standard-output line matching <paramref name="match"/>; null when the process ended or time ran out first.</summary>
    public string? WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!_lines.TryTake(out var line, deadline - DateTime.UtcNow)) return null;
            if (match(line)) return line;
        }
        return null;
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) throw new TimeoutException($"dive did not finish within {timeout}. Output so far:\n{Output}\n{Errors}");
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    /// <summary>The processes this one started (Linux: /proc), remembered so they are killed even after this one died.</summary>
    public IReadOnlyList<int> Children()
    {
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                var fields = StatFields(stat);
                if (fields is not null && int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == _process.Id)
                    _children[int.Parse(Path.GetFileName(Path.GetDirectoryName(stat)!), System.Globalization.CultureInfo.InvariantCulture)] = fields[19];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }
        return _children.Keys.ToArray();
    }

    /// <summary>The fields of /proc/PID/stat after the command name (field 3 on), or null when the process is gone.</summary>
    private static string[]? StatFields(string stat)
    {
        if (!File.Exists(stat)) return null;
        var text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>Whether <paramref name="pid"/> is still the child this process started (not a later process with a reused pid).</summary>
    public bool IsOurChildAlive(int pid)
    {
        try
        {
            return _children.TryGetValue(pid, out var started) && StatFields($"/proc/{pid}/stat") is { } fields && fields[19] == started && fields[0] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no clean-up, as a crash or an out-of-memory kill.</summary>
    public void Kill()
    {
        Children();
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Children();
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        foreach (var pid in _children.Keys.Where(IsOurChildAlive).ToArray())
        {
            try
            {
                using var child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
        _process.Dispose();
    }
}
