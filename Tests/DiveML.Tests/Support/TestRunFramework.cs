using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("DiveML.Tests.Support.TestRunFramework", "DiveML.Tests")]

namespace DiveML.Tests.Support;

/// <summary>
/// xUnit's framework with one addition: every temporary file of the test run goes to a folder of its own
/// (<c>diveml-test-run-RANDOM</c> in the system's temporary folder, which <c>TMPDIR</c> points at while tests run), and
/// the folder is deleted when the last test has finished. So a full run leaves the temporary folder as it found it,
/// whatever a test, ML.NET (which copies ONNX models and extracts model zips to temporary files) or a child process
/// forgets.
/// </summary>
/// <remarks>
/// The folder is deleted on xUnit's "assembly finished" message, before it is passed on: the runner reports the run as
/// done only then, and may end the test host right after, before exit handlers (such as DiveTempFolder's) have run or
/// finished. Tests should still clean up after themselves (<see cref="Extensions.BadInputs.ScratchFolder"/>); this is
/// the net. ONNX Runtime's native code reads <c>TMPDIR</c> from the native environment, which .NET does not change, so
/// its one fixed-name session file (<c>.ses</c>) stays in the system's folder, overwritten on every run.
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

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName)
        => new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    /// <summary>Runs the tests as xUnit does, watching for the message that says the last one has finished.</summary>
    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
            => base.RunTestCases(testCases, new FinishedSink(executionMessageSink), executionOptions);
    }

    /// <summary>Deletes the run's folder when the assembly has finished, then passes the message on.</summary>
    private sealed class FinishedSink(IMessageSink inner) : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is ITestAssemblyFinished) DeleteFolder();
            return inner.OnMessage(message);
        }
    }

    /// <summary>The fallback for a run that never reaches "assembly finished" (e.g. discovery only): the last framework disposed deletes the folder.</summary>
    private sealed class Release : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            lock (Gate)
            {
                if (_done) return;
                _done = true;
                if (--_users == 0) DeleteFolder();
            }
        }
    }

    private static void DeleteFolder()
    {
        lock (Gate)
        {
            if (_folder is null) return;
            Environment.SetEnvironmentVariable("TMPDIR", _previous);
            Delete(_folder);
            _folder = null;
        }
    }

    /// <summary>
    /// Deletes a folder tree that others may be emptying at the same moment (DiveTempFolder's private folder deletes
    /// itself at exit): an entry that is already gone is no error. Best effort: a file still held by a child process
    /// must not fail the run.
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
