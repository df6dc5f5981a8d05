using System.Text;

namespace DiveML.Extensions.IO;

/// <summary>
/// Finds tensors of an ONNX model whose data lives outside the model (<c>TensorProto.data_location = EXTERNAL</c> or
/// <c>external_data</c> entries). ONNX Runtime reads such data from the file the entry names, relative to the model's
/// folder or absolute, so a model file could make a scorer read any file on the machine into its weights. A small
/// protobuf reader walks every place a tensor can sit (initialisers, sparse initialisers, node attributes, subgraphs,
/// functions, training information) without a protobuf library.
/// </summary>
internal static class OnnxExternalData
{
    private const int MaxDepth = 64;

    private enum Message { Model, Graph, Node, Attribute, Tensor, SparseTensor, TrainingInfo, Function }

    /// <summary>The name of the first tensor that names external data, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX (protobuf) model.</exception>
    public static string? FindExternalTensor(ReadOnlySpan<byte> model) => Walk(model, Message.Model, 0);

    // Which fields of each message hold which (repeated) message; every other field is skipped by its wire type.
    private static Message? Child(Message parent, ulong field) => (parent, field) switch
    {
        (Message.Model, 7) => Message.Graph,
        (Message.Model, 20) => Message.TrainingInfo,
        (Message.Model, 25) => Message.Function,
        (Message.Graph, 1) => Message.Node,
        (Message.Graph, 5) => Message.Tensor,
        (Message.Graph, 15) => Message.SparseTensor,
        (Message.Node, 5) => Message.Attribute,
        (Message.Attribute, 5 or 10) => Message.Tensor,
        (Message.Attribute, 6 or 11) => Message.Graph,
        (Message.Attribute, 22 or 23) => Message.SparseTensor,
        (Message.SparseTensor, 1 or 2) => Message.Tensor,
        (Message.TrainingInfo, 1 or 2) => Message.Graph,
        (Message.Function, 7) => Message.Node,
        _ => null,
    };

    private static string? Walk(ReadOnlySpan<byte> data, Message kind, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException($"the ONNX model nests graphs more than {MaxDepth} deep.");
        string? name = null;
        bool external = false;
        int pos = 0;
        while (pos < data.Length)
        {
            ulong tag = ReadVarint(data, ref pos);
            ulong field = tag >> 3;
            int wire = (int)(tag & 7);
            if (field == 0) throw Malformed();
            switch (wire)
            {
                case 0:
                    ulong value = ReadVarint(data, ref pos);
                    if (kind == Message.Tensor && field == 14 && value == 1) external = true; // data_location = EXTERNAL
                    break;
                case 1: Skip(data, ref pos, 8); break;
                case 5: Skip(data, ref pos, 4); break;
                case 2:
                    ulong length = ReadVarint(data, ref pos);
                    if (length > (ulong)(data.Length - pos)) throw Malformed();
                    var body = data.Slice(pos, (int)length);
                    pos += (int)length;
                    if (kind == Message.Tensor && field == 13) external = true; // external_data entries
                    else if (kind == Message.Tensor && field == 8) name = Encoding.UTF8.GetString(body);
                    else if (Child(kind, field) is { } child && Walk(body, child, depth + 1) is { } found) return found;
                    break;
                default:
                    throw Malformed(); // groups (3, 4) and invalid wire types: ONNX uses neither
            }
        }
        return external ? (string.IsNullOrEmpty(name) ? "(unnamed)" : name) : null;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) throw Malformed();
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw Malformed();
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int pos, int count)
    {
        if (data.Length - pos < count) throw Malformed();
        pos += count;
    }

    private static InvalidDataException Malformed() => new("the ONNX model is not well-formed protobuf.");
}
