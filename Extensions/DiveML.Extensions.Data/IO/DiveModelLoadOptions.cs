namespace DiveML.Extensions.IO;

/// <summary>
/// What <see cref="DiveModelFile.Load"/> and <see cref="DiveModelFile.Check"/> accept: the kind of model a command needs
/// and the bounds that keep a hostile zip from filling the disk or the memory (ML.NET extracts a model's entries to
/// temporary files while loading it).
/// </summary>
public sealed class DiveModelLoadOptions
{
    /// <summary>
    /// The <see cref="DiveModelMetadata.Kind"/> the model must have (e.g. <c>dive kaggle</c>); null accepts any model,
    /// with or without a description. See <see cref="DiveModelMetadata.RequireKind"/>.
    /// </summary>
    public string? RequiredKind { get; init; }

    /// <summary>Who needs the model, named in the message when the kind is wrong (e.g. <c>dive predict</c>).</summary>
    public string? UsedBy { get; init; }

    /// <summary>The most all entries together may expand to. Default 1 GiB (DiveML's models take a few megabytes).</summary>
    public long MaxExpandedBytes { get; init; } = 1L << 30;

    /// <summary>
    /// The most an entry larger than a mebibyte may expand relative to its compressed size. Default 100 (trained weights
    /// barely compress; a zip bomb expands about 1000 times).
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>The most entries the zip may hold. Default 10,000.</summary>
    public int MaxEntries { get; init; } = 10_000;
}
