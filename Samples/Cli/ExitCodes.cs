namespace DiveML.Samples.Cli;

/// <summary>The process exit codes of <c>./dive</c>, so scripts can tell a typo from a bad file from a bug.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed on its input (a missing file, a malformed CSV…): the message says what to fix.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong (unknown option, bad value, missing required option); nothing was run.</summary>
    public const int Usage = 2;

    /// <summary>An exception nobody anticipated: a bug in dive (sysexits.h's EX_SOFTWARE).</summary>
    public const int Bug = 70;
}
