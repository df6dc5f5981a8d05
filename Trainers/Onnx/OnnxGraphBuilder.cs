using System.Runtime.InteropServices;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// Builds a small ONNX model (IR version 8, opset 13; accepted by ONNX Runtime 1.31) for feed-forward networks: one
/// float input of shape [1, F], nodes, float initializers, and outputs of rank ≥ 1 (a rank-0 output would be listed by
/// ML.NET as a scalar that cannot be read). Field numbers follow onnx.proto.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private const int FloatType = 1;
    private const int Int64Type = 7;
    private const int StringType = 8;

    /// <summary>The domain of ONNX's traditional-ML operators (LabelEncoder…), imported at version 2 when used.</summary>
    public const string MlDomain = "ai.onnx.ml";

    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];
    private readonly List<ProtoMessage> _inputs = [];
    private readonly List<ProtoMessage> _outputs = [];
    private int _counter;
    private bool _usesMlDomain;

    public string Fresh(string prefix) => $"{prefix}_{_counter++}";

    public void Input(string name, params long[] shape) => _inputs.Add(ValueInfo(name, FloatType, shape));

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
        tensor.String(8, name);
        _initializers.Add(tensor);
        return name;
    }

    private string Initializer<T>(string name, int elementType, T[] values, long[] dims) where T : unmanaged
    {
        var tensor = new ProtoMessage();
        foreach (var d in dims) tensor.Int64(1, d);
        tensor.Int32(2, elementType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        _initializers.Add(tensor);
        return name;
    }

    /// <summary>Adds a node of the default domain; attributes are (name, value) with long, float, long[] or string[] values.</summary>
    public string Node(string opType, string[] inputs, string output, params (string Name, object Value)[] attributes)
        => Node(null, null, opType, inputs, output, attributes);

    /// <summary>Adds a node with an explicit node name and/or operator domain (e.g. <see cref="MlDomain"/>).</summary>
    public string Node(string? domain, string? nodeName, string opType, string[] inputs, string output, params (string Name, object Value)[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var i in inputs) node.String(1, i);
        node.String(2, output).String(3, nodeName ?? Fresh(opType)).String(4, opType);
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
                case long[] ls:
                    foreach (var x in ls) attribute.Int64(8, x);
                    attribute.Int32(20, 7);
                    break;
                case string[] ss:
                    foreach (var x in ss) attribute.Bytes(9, System.Text.Encoding.UTF8.GetBytes(x));
                    attribute.Int32(20, 8);
                    break;
                default: throw new ArgumentException($"Unsupported attribute value {value.GetType()}.");
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
        foreach (var t in _initializers) graph.Message(5, t);
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
