namespace DiveML.Tests.Support;

/// <summary>Locates the repository root and the fixtures inside it: the tests read nothing outside the repository.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The test project's fixture folder (<c>Tests/DiveML.Tests/Fixtures</c>), each with a PROVENANCE note.</summary>
    public static string Fixtures(params string[] parts) => Path.Combine([Root, "Tests", "DiveML.Tests", "Fixtures", .. parts]);

    /// <summary>A file of the pandas 1.5.3 conformance oracle (<c>Fixtures/pandas-oracle</c>).</summary>
    public static string Oracle(params string[] parts) => Fixtures(["pandas-oracle", .. parts]);

    public static string HousePrices(string file) => Path.Combine(Root, "data", "house-prices", file);

    /// <summary>A scikit-learn table as a Kaggle-style CSV pair (<c>data/sklearn/&lt;table&gt;/</c>: breast_cancer, wine, diabetes).</summary>
    public static string Sklearn(string table, string file) => Path.Combine(Root, "data", "sklearn", table, file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DiveML.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (DiveML.sln) above " + AppContext.BaseDirectory);
    }
}
