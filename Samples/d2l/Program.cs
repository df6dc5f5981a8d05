using System.Diagnostics;
using System.Globalization;
using TorchSharp;

namespace DiveML.D2l;

/// <summary>
/// <c>dotnet run --project Samples/d2l -- [SECTION...] [--quick]</c>: runs sections of "Dive into Deep Learning"
/// chapters 2–5 (d2l.ai 0.17's numbering) and prints what the book prints. SECTION is a number (3.2), a chapter (3),
/// a file's sections (LinearRegression) or <c>all</c>; <c>--list</c> lists them.
/// </summary>
public static class D2lProgram
{
    public static int Main(string[] args)
    {
        bool quick = args.Contains("--quick") || Environment.GetEnvironmentVariable("D2L_QUICK") == "1";
        var wanted = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (args.Contains("--list") || wanted.Count == 0)
        {
            foreach (var s in Sections.All) Console.WriteLine($"{s.Number,-5} {s.Title,-62} {s.File}.cs");
            if (wanted.Count == 0 && !args.Contains("--list"))
            {
                Console.Error.WriteLine("usage: d2l SECTION... [--quick]   (SECTION: 3.2, a chapter such as 3, a file such as LinearRegression, or all)");
                return 2;
            }
            return 0;
        }
        var chosen = Sections.All.Where(s => wanted.Any(w => w == "all" || w == s.Number || w == s.Number.Split('.')[0]
            || w.Equals(s.File, StringComparison.OrdinalIgnoreCase))).ToList();
        var unknown = wanted.Where(w => w != "all" && !Sections.All.Any(s => w == s.Number || w == s.Number.Split('.')[0] || w.Equals(s.File, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"d2l: no section {string.Join(", ", unknown)}; --list lists them.");
            return 2;
        }
        // One libtorch thread: the samples' networks are small, and on a busy 2-core machine libtorch's OpenMP threads
        // contend with the ONNX Runtime sessions of fitted models (measured: 5.1 took 21 s with the default threads,
        // 0.9 s with one). D2L_THREADS=N overrides.
        torch.set_num_threads(int.TryParse(Environment.GetEnvironmentVariable("D2L_THREADS"), out int threads) && threads > 0 ? threads : 1);
        var work = Directory.CreateTempSubdirectory("d2l-").FullName;
        try
        {
            var run = new SampleRun(Console.Out, quick, work);
            foreach (var section in chosen)
            {
                Console.WriteLine($"## {section.Number} {section.Title}");
                var clock = Stopwatch.StartNew();
                section.Run(run);
                Console.WriteLine($"({section.Number} took {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
                Console.WriteLine();
            }
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
