using System.Collections.Concurrent;
using System.Diagnostics;

namespace DiveML.Extensions.Distributed;

/// <summary>
/// The worker processes a driver starts on its own machine (<c>--workers N</c>). Each holds the driver's end of its
/// standard input and leaves when it closes, so workers never outlive a driver that was killed; their standard error is
/// kept (the last lines) to explain a worker that stopped.
/// </summary>
public sealed class LocalWorkers : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly ConcurrentQueue<string> _errors = new();

    /// <summary>Starts one process per start info (standard input, output and error are redirected here).</summary>
    public LocalWorkers(IEnumerable<ProcessStartInfo> starts, Action<string>? line = null)
    {
        ArgumentNullException.ThrowIfNull(starts);
        try
        {
            foreach (var start in starts)
            {
                start.RedirectStandardInput = true;
                start.RedirectStandardOutput = true;
                start.RedirectStandardError = true;
                start.UseShellExecute = false;
                var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the worker process {start.FileName}.");
                int index = _processes.Count + 1;
                process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } text) line?.Invoke($"worker w{index}: {text}"); };
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is not { Length: > 0 } text) return;
                    _errors.Enqueue($"w{index}: {text}");
                    while (_errors.Count > 20 && _errors.TryDequeue(out var _)) { }
                };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                _processes.Add(process);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The process ids, in worker order (w1 first).</summary>
    public IReadOnlyList<int> ProcessIds => _processes.Select(p => p.Id).ToArray();

    /// <summary>Whether every worker process has exited.</summary>
    public bool AllExited => _processes.All(p => p.HasExited);

    /// <summary>The last lines the workers wrote to standard error.</summary>
    public string ErrorTail => string.Join(" | ", _errors);

    /// <summary>Waits up to <paramref name="timeout"/> for the workers to leave by themselves, then kills the rest (and their children).</summary>
    public void Stop(TimeSpan timeout)
    {
        foreach (var process in _processes)
        {
            try
            {
                process.StandardInput.Close(); // the signal to leave
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
            }
        }
        var deadline = DateTime.UtcNow + timeout;
        foreach (var process in _processes)
        {
            var left = deadline - DateTime.UtcNow;
            if (!process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
    }

    /// <summary>Kills whatever still runs.</summary>
    public void Dispose()
    {
        Stop(TimeSpan.Zero);
        foreach (var process in _processes) process.Dispose();
        _processes.Clear();
    }
}
