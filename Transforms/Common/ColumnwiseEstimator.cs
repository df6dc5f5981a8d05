using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// The skeleton every DiveML transform shares: a list of (output, input) column pairs — none meaning every accepted
/// column, in place —, resolved and type-checked against the schema before any data is read, an output schema computed
/// by built-in estimators with the same effect, and a fit that builds a chain of ML.NET built-ins.
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer.</typeparam>
public abstract class ColumnwiseEstimator<TTransformer> : IEstimator<TTransformer> where TTransformer : ITransformer
{
    private readonly string _transformName;
    private readonly IReadOnlyList<InputOutputColumnPair>? _columns;

    private protected ColumnwiseEstimator(string transformName, IReadOnlyList<InputOutputColumnPair>? columns)
    {
        _transformName = transformName;
        _columns = columns;
    }

    /// <summary>Builds the inner chains of built-in transforms. Built-ins are deterministic: the seed is irrelevant.</summary>
    private protected MLContext Env { get; } = new(seed: 0);

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var infos = ColumnInfo.Of(inputSchema).ToList();
        var pairs = Resolve(infos);
        var blanks = new BlankColumnNames(infos.Select(c => c.Name), pairs.Select(p => p.OutputColumnName));
        var working = pairs.Select(p => new InputOutputColumnPair(blanks[p.OutputColumnName], p.InputColumnName)).ToArray();
        var byName = new Dictionary<string, ColumnInfo>(StringComparer.Ordinal);
        foreach (var info in infos) byName[info.Name] = info; // the last column of a name is the visible one
        var shape = new EstimatorChain<ITransformer>().Append(OutputShape(working, name => byName[name]));
        return blanks.Finish(Env, shape).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc/>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pairs = Resolve(ColumnInfo.Of(input.Schema));
        return Fit(input, pairs, new BlankColumnNames(input.Schema.Select(c => c.Name), pairs.Select(p => p.OutputColumnName)));
    }

    private InputOutputColumnPair[] Resolve(IEnumerable<ColumnInfo> schema)
        => ColumnSelection.Resolve(_transformName, _columns, schema, Accepts, Expected, Hint);

    /// <summary>Whether a column is one this transform works on.</summary>
    private protected abstract bool Accepts(ColumnInfo column);

    /// <summary>The accepted columns in words, for error messages.</summary>
    private protected abstract string Expected { get; }

    /// <summary>What to do with a column of another type, for error messages.</summary>
    private protected abstract string Hint { get; }

    /// <summary>Built-in estimators whose effect on the schema equals this transform's.</summary>
    private protected abstract IEstimator<ITransformer> OutputShape(IReadOnlyList<InputOutputColumnPair> pairs, Func<string, ColumnInfo> column);

    /// <summary>
    /// Learns from <paramref name="input"/> and builds the fitted transformer for the resolved pairs; the built-ins write
    /// each output under <paramref name="blanks"/>' working name, and the chain ends with <see cref="BlankColumnNames.Finish(MLContext, TransformerChain{ITransformer}, IDataView)"/>.
    /// </summary>
    private protected abstract TTransformer Fit(IDataView input, IReadOnlyList<InputOutputColumnPair> pairs, BlankColumnNames blanks);
}
