using DiveML.Samples.Cli;
using DiveML.Trainers;

namespace DiveML.Tests.Samples;

/// <summary>The shared value parsing of the options: enums in kebab-case, comma lists, bounded numbers.</summary>
public class CliParsingTests
{
    [Theory]
    [InlineData("TorchDefault", "torch-default")]
    [InlineData("ReLU", "relu")]
    [InlineData("Sgd", "sgd")]
    [InlineData("Contiguous", "contiguous")]
    public void Enum_names_are_written_kebab_case_keeping_acronyms_whole(string name, string expected)
        => Assert.Equal(expected, EnumNames.Kebab(name));

    [Theory]
    [InlineData("torch-default")]
    [InlineData("TORCH-DEFAULT")]
    [InlineData("torchdefault")]
    [InlineData("TorchDefault")]
    public void Enums_are_read_kebab_case_or_without_dashes(string text)
    {
        Assert.True(EnumNames.TryParse(text, out Initialization value));
        Assert.Equal(Initialization.TorchDefault, value);
    }

    [Theory]
    [InlineData("torch_default")]
    [InlineData("")]
    [InlineData("3")] // a number is not a name, even though Enum.TryParse would take it
    public void Other_enum_texts_are_refused(string text) => Assert.False(EnumNames.TryParse(text, out Initialization _));

    [Theory]
    [InlineData("512,256", new[] { 512, 256 })]
    [InlineData(" 64 , 32 ", new[] { 64, 32 })]
    [InlineData("7", new[] { 7 })]
    public void Comma_lists_are_split_and_trimmed(string text, int[] expected)
    {
        Assert.True(CliOptions.TryList(text, (string item, out int v) => CliOptions.TryInt(item, 1, 100_000, out v), out var values));
        Assert.Equal(expected, values);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("512,,256")]
    [InlineData("512,")]
    [InlineData("512,x")]
    [InlineData("0")]
    public void Empty_or_bad_list_items_are_refused_never_defaulted(string text)
        => Assert.False(CliOptions.TryList(text, (string item, out int v) => CliOptions.TryInt(item, 1, 100_000, out v), out _));

    [Theory]
    [InlineData("0.5", true)]
    [InlineData("1e-3", true)]
    [InlineData("NaN", false)]
    [InlineData("Infinity", false)]
    [InlineData("0,5", false)] // invariant culture: a decimal comma is not a number
    [InlineData("2", false)]
    public void Numbers_are_read_in_the_invariant_culture_within_bounds(string text, bool ok)
        => Assert.Equal(ok, CliOptions.TryDouble(text, 0, 1, out _));
}
