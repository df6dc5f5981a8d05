using DiveML.Extensions.IO;
using DiveML.Tests.Extensions.BadInputs;

namespace DiveML.Tests.Extensions.IO;

/// <summary>docs/bad-inputs.md, "Output files": <see cref="AtomicFile"/> never writes through a planted link or leaves a partial file.</summary>
public class AtomicFileTests
{
    [Fact]
    public void A01_a_symbolic_link_planted_at_the_target_is_replaced_not_followed()
    {
        using var dir = new ScratchFolder();
        var victim = dir.Write("victim.txt", "keep me");
        var target = dir["out.csv"];
        File.CreateSymbolicLink(target, victim);
        AtomicFile.WriteAllText(target, "new content");
        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.Null(new FileInfo(target).LinkTarget);
        Assert.Equal("new content", File.ReadAllText(target));
    }

    [Fact]
    public void A02_the_temporary_file_is_in_the_target_folder_and_removed_when_the_write_fails()
    {
        using var dir = new ScratchFolder();
        var target = dir.Write("out.csv", "old");
        string? temp = null;
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteStream<int>(target, stream =>
        {
            temp = ((FileStream)stream).Name;
            stream.Write("partial"u8);
            throw new InvalidOperationException("refused half-way");
        }));
        Assert.Equal("refused half-way", e.Message);
        Assert.Equal(dir.Path, Path.GetDirectoryName(temp));
        Assert.False(File.Exists(temp));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(dir.Path));
    }
}
