using DiveML.Samples.Cli;

namespace DiveML.Samples.Commands;

/// <summary><c>dive all</c>: the main job of the README.</summary>
public sealed class AllCommand : ICommand
{
    public string Name => "all";
    public string Summary => "The main job: run every workflow end to end and write the results to ./out.";
    public string Usage => """
        ./dive all [--out DIR]
          --out DIR   output folder (default: out)
        """;

    public int Run(CommandArgs args)
    {
        var outDir = args.String("out", "out");
        args.EnsureAllUsed();
        Directory.CreateDirectory(outDir);
        return new DataCommand().Run(new CommandArgs("data", [], args.Out, args.Error));
    }
}
