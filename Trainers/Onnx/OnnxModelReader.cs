using System.Runtime.InteropServices;
using Google.Protobuf;

namespace DiveML.Trainers.Onnx;

/// <summary>
/// Reads back what <see cref="OnnxGraphBuilder"/> wrote into an ONNX model: the model's metadata entries and the graph's
/// initialisers (float32 and int64, from raw_data or the typed fields), by field number as in onnx.proto.
/// </summary>
internal static class OnnxModelReader
{
    public sealed record Initializer(string Name, long[] Shape, int ElementType, float[]? Floats, long[]? Longs);

    public sealed record Model(IReadOnlyDictionary<string, string> Metadata, IReadOnlyDictionary<string, Initializer> Initializers);

    public static Model Read(byte[] bytes)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var initializers = new Dictionary<string, Initializer>(StringComparer.Ordinal);
        var model = new CodedInputStream(bytes);
        uint tag;
        while ((tag = model.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 7: // graph
                    var graph = new CodedInputStream(model.ReadBytes().ToByteArray());
                    uint graphTag;
                    while ((graphTag = graph.ReadTag()) != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(graphTag) == 5) // initializer
                        {
                            var tensor = ReadTensor(graph.ReadBytes().ToByteArray());
                            initializers[tensor.Name] = tensor;
                        }
                        else graph.SkipLastField();
                    }
                    break;
                case 14: // metadata_props
                    var entry = new CodedInputStream(model.ReadBytes().ToByteArray());
                    string key = "", value = "";
                    uint entryTag;
                    while ((entryTag = entry.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(entryTag))
                        {
                            case 1: key = entry.ReadString(); break;
                            case 2: value = entry.ReadString(); break;
                            default: entry.SkipLastField(); break;
                        }
                    }
                    metadata[key] = value;
                    break;
                default:
                    model.SkipLastField();
                    break;
            }
        }
        return new Model(metadata, initializers);
    }

    private static Initializer ReadTensor(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var dims = new List<long>();
        var floats = new List<float>();
        var longs = new List<long>();
        string name = "";
        int type = 0;
        byte[]? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int field = WireFormat.GetTagFieldNumber(tag);
            bool packed = WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
            switch (field)
            {
                case 1: Repeated(input, packed, dims, i => i.ReadInt64()); break;
                case 2: type = input.ReadInt32(); break;
                case 4: Repeated(input, packed, floats, i => i.ReadFloat()); break;
                case 7: Repeated(input, packed, longs, i => i.ReadInt64()); break;
                case 8: name = input.ReadString(); break;
                case 9: raw = input.ReadBytes().ToByteArray(); break;
                default: input.SkipLastField(); break;
            }
        }
        return type switch
        {
            1 => new Initializer(name, dims.ToArray(), type, raw is not null ? MemoryMarshal.Cast<byte, float>(raw).ToArray() : floats.ToArray(), null),
            7 => new Initializer(name, dims.ToArray(), type, null, raw is not null ? MemoryMarshal.Cast<byte, long>(raw).ToArray() : longs.ToArray()),
            _ => new Initializer(name, dims.ToArray(), type, null, null),
        };
    }

    private static void Repeated<T>(CodedInputStream input, bool packed, List<T> values, Func<CodedInputStream, T> read)
    {
        if (!packed)
        {
            values.Add(read(input));
            return;
        }
        var inner = new CodedInputStream(input.ReadBytes().ToByteArray());
        while (!inner.IsAtEnd) values.Add(read(inner));
    }
}
