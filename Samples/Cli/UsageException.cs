namespace DiveML.Samples.Cli;

/// <summary>
/// A command line that only turns out wrong once the data is read (e.g. <c>--log-target</c> on a classification
/// label): printed without a stack trace, exit code 2, like the errors found while parsing.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
