namespace DiveML.D2l;

/// <summary>Files of the repository (the house-prices CSVs, the PyTorch fixture), found above the working folder or the app.</summary>
public static class RepoFiles
{
    public static string? Find(params string[] parts)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine([dir.FullName, .. parts]);
                if (File.Exists(path)) return path;
            }
        return null;
    }
}
