using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>One tensor of a <see cref="StateDict"/>: its PyTorch key (<c>0.weight</c>), shape, element type and values (row-major).</summary>
public sealed class StateDictEntry
{
    private readonly long[] _shape;

    /// <summary>A float32 tensor.</summary>
    public StateDictEntry(string name, long[] shape, float[] values) : this(name, shape, values, StateDictElementType.Float32) { }

    /// <summary>A float64 tensor.</summary>
    public StateDictEntry(string name, long[] shape, double[] values) : this(name, shape, values, StateDictElementType.Float64) { }

    /// <summary>An int64 tensor.</summary>
    public StateDictEntry(string name, long[] shape, long[] values) : this(name, shape, values, StateDictElementType.Int64) { }

    private StateDictEntry(string name, long[] shape, Array values, StateDictElementType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        if (shape.Any(d => d < 0)) throw new ArgumentOutOfRangeException(nameof(shape), $"'{name}' has a negative dimension in [{string.Join(", ", shape)}].");
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (count != values.LongLength)
            throw new ArgumentException($"'{name}' has {values.LongLength} values for shape [{string.Join(", ", shape)}], which holds {count}.", nameof(values));
        Name = name;
        _shape = shape.ToArray();
        Values = values;
        ElementType = type;
    }

    /// <summary>The key, e.g. <c>0.weight</c> (the module's path, a dot, the parameter's name).</summary>
    public string Name { get; }

    /// <summary>The shape, e.g. [256, 784] for a Linear(784, 256) weight (torch's [out, in]); empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The element type.</summary>
    public StateDictElementType ElementType { get; }

    /// <summary>The number of values.</summary>
    public long Count => Values.LongLength;

    /// <summary>The values as float32 (float64 rounded, int64 converted), row-major. A copy.</summary>
    public float[] ToSingles() => Values switch
    {
        float[] f => f.ToArray(),
        double[] d => d.Select(v => (float)v).ToArray(),
        long[] l => l.Select(v => (float)v).ToArray(),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The values as int64; only for <see cref="StateDictElementType.Int64"/> entries. A copy.</summary>
    public long[] ToInt64s() => Values as long[] is { } l ? l.ToArray()
        : throw new InvalidOperationException($"'{Name}' is {ElementType}, not Int64: read it with ToSingles.");

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {ElementType} [{string.Join(", ", _shape)}]";

    /// <summary>The values as stored (float[], double[] or long[]).</summary>
    internal Array Values { get; }

    internal long[] ShapeArray => _shape;

    /// <summary>A CPU tensor with these values.</summary>
    internal Tensor ToTensor() => Values switch
    {
        float[] f => tensor(f, _shape),
        double[] d => tensor(d, _shape),
        long[] l => tensor(l, _shape),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The entry of a tensor's current values (copied to the CPU), under <paramref name="name"/>.</summary>
    internal static StateDictEntry FromTensor(string name, Tensor value)
    {
        using var cpu = value.detach().cpu().contiguous();
        return cpu.dtype switch
        {
            ScalarType.Float32 => new StateDictEntry(name, cpu.shape, cpu.data<float>().ToArray()),
            ScalarType.Float64 => new StateDictEntry(name, cpu.shape, cpu.data<double>().ToArray()),
            ScalarType.Int64 => new StateDictEntry(name, cpu.shape, cpu.data<long>().ToArray()),
            _ => throw new NotSupportedException($"'{name}' is {cpu.dtype}; DiveML's state_dict files hold Float32, Float64 and Int64 tensors."),
        };
    }
}
