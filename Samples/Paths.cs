namespace DiveML.Samples;

/// <summary>Default locations, relative to the repository root (where <c>./dive</c> runs).</summary>
public static class Paths
{
    public const string HousePrices = "data/house-prices";
    public static string HousePricesTrain => Path.Combine(HousePrices, "train.csv");
    public static string HousePricesTest => Path.Combine(HousePrices, "test.csv");
}
