namespace DiveML.Tests.Extensions.BadInputs;

/// <summary>
/// A folder of its own for one test under the system's temporary folder (<c>diveml-test-GUID</c>), deleted with
/// everything in it when the test ends, so the bad-input tests leave the temporary folder as they found it.
/// </summary>
public sealed class ScratchFolder : IDisposable
{
    public const string Prefix = "diveml-test-";

    public ScratchFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N"));

    /// <summary>The full path of <paramref name="name"/> in the folder.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        var path = this[name];
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
