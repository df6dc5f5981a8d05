using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// Output columns named only by white space. A CSV header can be <c>" "</c> (pandas keeps it as the column's name), but
/// ML.NET's <c>Expression</c>, <c>ConvertType</c>, <c>MapValueToKey</c> and <c>MapKeyToVector</c> refuse such an output
/// name. Such a column is computed under a working name, copied to its own name at the end, and the working column
/// dropped; every other column keeps its name throughout.
/// </summary>
internal sealed class BlankColumnNames
{
    private readonly Dictionary<string, string> _working = new(StringComparer.Ordinal);

    /// <summary>Working names for the blank names among <paramref name="outputs"/>, none of them a column of <paramref name="schema"/>.</summary>
    public BlankColumnNames(IEnumerable<string> schema, IEnumerable<string> outputs)
    {
        var taken = new HashSet<string>(schema, StringComparer.Ordinal);
        foreach (var output in outputs.Where(string.IsNullOrWhiteSpace).Distinct(StringComparer.Ordinal))
        {
            string name = $"DiveML.Blank{_working.Count}";
            while (!taken.Add(name)) name += "_";
            _working[output] = name;
        }
    }

    /// <summary>Whether any output is blank.</summary>
    public bool Any => _working.Count > 0;

    /// <summary>The name under which the built-ins compute <paramref name="output"/>.</summary>
    public string this[string output] => _working.GetValueOrDefault(output, output);

    /// <summary>Appends the copy of each working column to its own name, then drops the working columns.</summary>
    public EstimatorChain<ITransformer> Finish(MLContext env, EstimatorChain<ITransformer> chain)
    {
        if (!Any) return chain;
        foreach (var (output, working) in _working)
            chain = chain.Append<ITransformer>(env.Transforms.CopyColumns(output, working));
        return chain.Append<ITransformer>(env.Transforms.DropColumns(_working.Values.ToArray()));
    }

    /// <summary>
    /// <paramref name="chain"/>, fitted on <paramref name="input"/>, followed by the fitted copies and drop of
    /// <see cref="Finish(MLContext, EstimatorChain{ITransformer})"/>.
    /// </summary>
    public TransformerChain<ITransformer> Finish(MLContext env, TransformerChain<ITransformer> chain, IDataView input)
    {
        if (!Any) return chain;
        foreach (var step in Finish(env, new EstimatorChain<ITransformer>()).Fit(chain.Transform(input)))
            chain = chain.Append<ITransformer>(step);
        return chain;
    }
}
