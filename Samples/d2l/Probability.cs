using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.D2l;

/// <summary>d2l 2.6 (sampling a die) and 2.7 (finding functions and their documentation).</summary>
public static class Probability
{
    public static void DieTosses(SampleRun run)
    {
        manual_seed(0);
        var fairProbs = ones(6) / 6;
        // multinomial.Multinomial(1000, fair_probs).sample(): 1,000 draws with replacement, counted per face.
        var draws = multinomial(fairProbs, 1000, replacement: true);
        var counts = bincount(draws, minlength: 6).to(float32);
        run.Show("relative frequencies of 1,000 tosses", counts / 1000);
        // 500 experiments of 10 tosses: the running estimates converge to 1/6.
        var experiments = multinomial(fairProbs, 5000, replacement: true).reshape(500, 10);
        var perExperiment = stack(Enumerable.Range(0, 500).Select(i => bincount(experiments[i], minlength: 6)).ToArray()).to(float32);
        var cumulative = perExperiment.cumsum(0);
        var estimates = cumulative / cumulative.sum(1, keepdim: true);
        run.Show("estimates after 500 experiments", estimates[-1]);
    }

    public static void Documentation(SampleRun run)
    {
        // dir(torch.distributions): TorchSharp's distributions are the functions of torch.distributions.
        var names = typeof(torch.distributions).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Distinct().Order().ToArray();
        run.Line($"torch.distributions has {names.Length} functions, e.g. {string.Join(", ", names.Take(8))}");
        // help(torch.ones): the signatures (the XML documentation is in the IDE).
        foreach (var m in typeof(torch).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == "ones").Take(3))
            run.Line($"torch.ones({string.Join(", ", m.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))})");
        run.Show("torch.ones(4)", ones(4));
    }
}
