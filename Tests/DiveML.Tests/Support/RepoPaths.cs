namespace DiveML.Tests.Support;

/// <summary>Locates the repository root and the shared data folder beside it (as CI lays them out).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> beside the repository: the pandas oracle and the Kaggle CSVs.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Oracle(params string[] parts) => Path.Combine([Shared, "data", "pandas-oracle", .. parts]);

    public static string HousePrices(string file) => Path.Combine(Root, "data", "house-prices", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DiveML.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (DiveML.sln) above " + AppContext.BaseDirectory);
    }
}
