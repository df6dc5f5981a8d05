using System.Runtime.InteropServices;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// Builds a small ONNX model (IR version 8, opset 13; accepted by ONNX Runtime 1.31) for feed-forward networks: one
/// float input of shape [1, F], nodes, float initializers, and outputs of rank ≥ 1 (a rank-0 output would be listed by
/// ML.NET as a scalar that cannot be read). Field numbers follow onnx.proto. Every value name must be unique;
/// initialisers no node reads are left out of the model (ONNX Runtime would drop them with a warning).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private const int FloatType = 1;
    private const int Int64Type = 7;
    private const int StringType = 8;

    /// <summary>The domain of ONNX's traditional-ML operators (LabelEncoder…), imported at version 2 when used.</summary>
    public const string MlDomain = "ai.onnx.ml";

    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<(string Name, ProtoMessage Tensor)> _initializers = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<(string Key, string Value)> _metadata = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];
    private int _counter;
    private bool _usesMlDomain;

    /// <summary>A name not used yet: <paramref name="prefix"/>_n.</summary>
    public string Fresh(string prefix)
    {
        string name;
        do name = $"{prefix}_{_counter++}";
        while (_names.Contains(name));
        return name;
    }

    public void Input(string name, params long[] shape) => _inputs.Add(ValueInfo(Claim(name), FloatType, shape));

    /// <summary>Whether <paramref name="name"/> is an initialiser that some node reads.</summary>
    public bool IsReferencedInitializer(string name) => _read.Contains(name) && _initializers.Any(i => i.Name == name);

    /// <summary>A model-level metadata entry (ModelProto.metadata_props).</summary>
    public void Metadata(string key, string value) => _metadata.Add((key, value));

    private string Claim(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("An ONNX value needs a name.", nameof(name));
        if (!_names.Add(name)) throw new ArgumentException($"The ONNX graph already has a value named '{name}'.", nameof(name));
        return name;
    }

    public void Output(string name, bool isFloat, params long[] shape) => _outputs.Add(ValueInfo(name, isFloat ? FloatType : Int64Type, shape));

    public string Initializer(string name, float[] values, params long[] dims) => Initializer<float>(name, FloatType, values, dims);

    public string Initializer(string name, long[] values, params long[] dims) => Initializer<long>(name, Int64Type, values, dims);

    /// <summary>A string tensor (string_data, one entry per value).</summary>
    public string Initializer(string name, string[] values, params long[] dims)
    {
        var tensor = new ProtoMessage();
        foreach (var d in dims) tensor.Int64(1, d);
        tensor.Int32(2, StringType);
        foreach (var v in values) tensor.Bytes(6, System.Text.Encoding.UTF8.GetBytes(v));
        tensor.String(8, Claim(name));
        _initializers.Add((name, tensor));
        return name;
    }

    private string Initializer<T>(string name, int elementType, T[] values, long[] dims) where T : unmanaged
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        if (count != values.Length) throw new ArgumentException($"Initialiser '{name}' has {values.Length} values for shape [{string.Join(", ", dims)}] ({count}).", nameof(values));
        var tensor = new ProtoMessage();
        foreach (var d in dims) tensor.Int64(1, d);
        // raw_data is little-endian by the ONNX specification, as MemoryMarshal gives it on every platform .NET runs DiveML on.
        tensor.Int32(2, elementType).String(8, Claim(name)).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        _initializers.Add((name, tensor));
        return name;
    }

    /// <summary>Adds a node of the default domain; attributes are (name, value) with long, float, long[] or string[] values.</summary>
    public string Node(string opType, string[] inputs, string output, params (string Name, object Value)[] attributes)
        => Node(null, null, opType, inputs, output, attributes);

    /// <summary>Adds a node with an explicit node name and/or operator domain (e.g. <see cref="MlDomain"/>).</summary>
    public string Node(string? domain, string? nodeName, string opType, string[] inputs, string output, params (string Name, object Value)[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var i in inputs)
        {
            if (i.Length > 0 && !_names.Contains(i)) throw new ArgumentException($"Node {opType} reads '{i}', which is no input, initialiser or earlier node output of the graph.", nameof(inputs));
            _read.Add(i);
            node.String(1, i);
        }
        node.String(2, Claim(output)).String(3, nodeName ?? Fresh(opType)).String(4, opType);
        if (domain is not null)
        {
            node.String(7, domain);
            _usesMlDomain |= domain == MlDomain;
        }
        foreach (var (name, value) in attributes)
        {
            var attribute = new ProtoMessage().String(1, name);
            switch (value)
            {
                case long l: attribute.Int64(3, l).Int32(20, 2); break;
                case int n: attribute.Int64(3, n).Int32(20, 2); break;
                case float f: attribute.Float(2, f).Int32(20, 1); break;
                case string text: attribute.Bytes(4, System.Text.Encoding.UTF8.GetBytes(text)).Int32(20, 3); break;
                case float[] fs:
                    foreach (var x in fs) attribute.Float(7, x);
                    attribute.Int32(20, 6);
                    break;
                case long[] ls:
                    foreach (var x in ls) attribute.Int64(8, x);
                    attribute.Int32(20, 7);
                    break;
                case string[] ss:
                    foreach (var x in ss) attribute.Bytes(9, System.Text.Encoding.UTF8.GetBytes(x));
                    attribute.Int32(20, 8);
                    break;
                default: throw new ArgumentException($"Attribute '{name}' of {opType} is a {value?.GetType().Name ?? "null"}; ONNX attributes here are long, float, long[], float[], string or string[].");
            }
            node.Message(5, attribute);
        }
        _nodes.Add(node);
        return output;
    }

    public byte[] ToModel(string graphName)
    {
        var graph = new ProtoMessage();
        foreach (var n in _nodes) graph.Message(1, n);
        graph.String(2, graphName);
        foreach (var (name, tensor) in _initializers)
            if (_read.Contains(name)) graph.Message(5, tensor);
        foreach (var i in _inputs) graph.Message(11, i);
        foreach (var o in _outputs) graph.Message(12, o);
        var opset = new ProtoMessage().String(1, "").Int64(2, 13);
        var model = new ProtoMessage()
            .Int64(1, 8)
            .String(2, "DiveML")
            .String(3, typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "1.0")
            .Message(7, graph)
            .Message(8, opset);
        if (_usesMlDomain) model.Message(8, new ProtoMessage().String(1, MlDomain).Int64(2, 2));
        foreach (var (key, value) in _metadata) model.Message(14, new ProtoMessage().String(1, key).String(2, value));
        return model.ToArray();
    }

    private static ProtoMessage ValueInfo(string name, int elementType, long[] shape)
    {
        var dims = new ProtoMessage();
        foreach (var d in shape) dims.Message(1, new ProtoMessage().Int64(1, d));
        var tensorType = new ProtoMessage().Int32(1, elementType).Message(2, dims);
        var type = new ProtoMessage().Message(1, tensorType);
        return new ProtoMessage().String(1, name).Message(2, type);
    }
}
