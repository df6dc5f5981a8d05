using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DiveML.Extensions.Scale;

/// <summary>Content hashes of data files: a unit of work names its data by path and hash, so a worker never fits on other bytes.</summary>
public static class DataFiles
{
    // Workers hash the same file for every unit: remember it while its size and time stamp stay the same.
    private static readonly ConcurrentDictionary<string, (long Length, DateTime Written, string Hash)> Known = new(StringComparer.Ordinal);

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public static string Sha256(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path} does not exist on this machine: every worker must be able to read the run's data at the same path.", path);
        if (Known.TryGetValue(info.FullName, out var known) && known.Length == info.Length && known.Written == info.LastWriteTimeUtc) return known.Hash;
        using var stream = File.OpenRead(info.FullName);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        Known[info.FullName] = (info.Length, info.LastWriteTimeUtc, hash);
        return hash;
    }
}
