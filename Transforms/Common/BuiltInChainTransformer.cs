using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>
/// Base of DiveML's fitted transformers: a thin public facade over a chain of ML.NET built-in transforms that hold the
/// fitted state. ML.NET 5 keeps its save/load extension points internal, so delegating to saveable built-ins is what
/// lets <c>mlContext.Model.Save/Load</c> work (after a load you get the inner chain back, which behaves identically).
/// </summary>
public abstract class BuiltInChainTransformer : ITransformer
{
    private readonly ITransformer _chain;

    /// <summary>Wraps the inner chain that does the work.</summary>
    protected BuiltInChainTransformer(ITransformer chain) => _chain = chain ?? throw new ArgumentNullException(nameof(chain));

    /// <summary>The inner chain of built-in transformers (what <c>mlContext.Model.Load</c> returns).</summary>
    public ITransformer InnerChain => _chain;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _chain.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _chain.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _chain.GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => _chain.Transform(input);

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        EnsureSaveable();
        _chain.Save(ctx);
    }

    /// <summary>Throws a clear error when this transformer cannot be saved (checked before anything is written).</summary>
    protected virtual void EnsureSaveable()
    {
    }
}
