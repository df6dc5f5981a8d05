using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("DiveML.Tests.Support.TestRunFramework", "DiveML.Tests")]

namespace DiveML.Tests.Support;

/// <summary>
/// xUnit's framework with one addition: every temporary file of the test run goes to a folder of its own
/// (<c>diveml-test-run-RANDOM</c> in the system's temporary folder, which <c>TMPDIR</c> points at while tests run), and
/// the folder is deleted when the run ends. So a full run leaves the temporary folder as it found it, whatever a test,
/// ML.NET (which copies ONNX models and extracts model zips to temporary files) or a child process forgets — and
/// without relying on the test host's exit handlers, which do not run when the runner ends the host.
/// </summary>
/// <remarks>
/// Tests should still clean up after themselves (<see cref="Extensions.BadInputs.ScratchFolder"/>); this is the net.
/// ONNX Runtime's native code reads <c>TMPDIR</c> from the native environment, which .NET does not change, so its one
/// fixed-name session file (<c>.ses</c>) stays in the system's folder, overwritten on every run.
/// </remarks>
public sealed class TestRunFramework : XunitTestFramework
{
    private static readonly object Gate = new();
    private static int _users;
    private static string? _folder;
    private static string? _previous;

    public TestRunFramework(IMessageSink messageSink) : base(messageSink)
    {
        lock (Gate)
        {
            if (_users++ == 0)
            {
                _previous = Environment.GetEnvironmentVariable("TMPDIR");
                _folder = Directory.CreateTempSubdirectory("diveml-test-run-").FullName;
                Environment.SetEnvironmentVariable("TMPDIR", _folder);
            }
        }
        DisposalTracker.Add(new Release());
    }

    /// <summary>Deletes the run's folder when the last framework instance (discovery, execution) is disposed.</summary>
    private sealed class Release : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            lock (Gate)
            {
                if (_done) return;
                _done = true;
                if (--_users > 0 || _folder is null) return;
                Environment.SetEnvironmentVariable("TMPDIR", _previous);
                Delete(_folder);
                _folder = null;
            }
        }

        /// <summary>
        /// Deletes a folder tree that others may be emptying at the same moment (the private folder of DiveTempFolder
        /// deletes itself at exit): an entry that is already gone is no error. Best effort: a file still held by a
        /// child process must not fail the run.
        /// </summary>
        private static void Delete(string folder)
        {
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo { LinkTarget: null } sub)
                {
                    Delete(sub.FullName);
                    continue;
                }
                try
                {
                    entry.Delete();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
            try
            {
                Directory.Delete(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
