using System.IO.Compression;
using System.Text;

namespace DiveML.Trainers;

/// <summary>
/// Writes a state_dict in the zip format of <c>torch.save</c> (PyTorch ≥ 1.6): records <c>archive/data.pkl</c> (a
/// protocol-2 pickle of an <c>OrderedDict</c> whose values are <c>torch._utils._rebuild_tensor_v2</c> calls on
/// persistent storages), <c>archive/data/N</c> (each tensor's raw little-endian values), <c>archive/byteorder</c> and
/// <c>archive/version</c> (3; <c>torch.load</c> refuses a file without it). Every record is stored uncompressed, as
/// torch writes them. The pickle uses only what <c>torch.load(weights_only=True)</c> accepts.
/// </summary>
internal static class TorchSaveWriter
{
    private const string Archive = "archive";

    public static void Write(Stream stream, StateDict state)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Record(zip, "data.pkl", Pickle(state));
        for (int i = 0; i < state.Count; i++)
        {
            var entry = state[i];
            byte[] bytes = entry.Values switch
            {
                float[] f => System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
                double[] d => System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.AsSpan()).ToArray(),
                long[] l => System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.AsSpan()).ToArray(),
                _ => throw new InvalidOperationException(),
            };
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Writing state_dict files needs a little-endian machine.");
            Record(zip, $"data/{i}", bytes);
        }
        Record(zip, "byteorder", Encoding.ASCII.GetBytes("little"));
        Record(zip, "version", Encoding.ASCII.GetBytes("3\n"));
    }

    private static void Record(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry($"{Archive}/{name}", CompressionLevel.NoCompression);
        using var output = entry.Open();
        output.Write(bytes);
    }

    /// <summary>
    /// <c>OrderedDict([(key, _rebuild_tensor_v2(PERSID(('storage', torch.FloatStorage, 'i', 'cpu', numel)), 0, shape,
    /// stride, False, OrderedDict())), …])</c>, the opcodes torch 1.13's own files hold (without the memo and the
    /// optional <c>_metadata</c>).
    /// </summary>
    private static byte[] Pickle(StateDict state)
    {
        var p = new MemoryStream();
        p.Write([0x80, 2]);                                              // PROTO 2
        Global(p, "collections", "OrderedDict");
        p.Write([(byte)')', (byte)'R']);                                  // EMPTY_TUPLE REDUCE: OrderedDict()
        if (state.Count > 0)
        {
            p.WriteByte((byte)'(');                                       // MARK for SETITEMS
            for (int i = 0; i < state.Count; i++)
            {
                var entry = state[i];
                Unicode(p, entry.Name);
                Global(p, "torch._utils", "_rebuild_tensor_v2");
                p.WriteByte((byte)'(');                                   // MARK: the arguments
                p.WriteByte((byte)'(');                                   // MARK: the persistent id
                Unicode(p, "storage");
                Global(p, "torch", entry.ElementType switch
                {
                    StateDictElementType.Float32 => "FloatStorage",
                    StateDictElementType.Float64 => "DoubleStorage",
                    _ => "LongStorage",
                });
                Unicode(p, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Unicode(p, "cpu");
                Int(p, entry.Count);
                p.Write([(byte)'t', (byte)'Q']);                          // TUPLE BINPERSID
                Int(p, 0);                                                // storage offset
                Tuple(p, entry.ShapeArray);
                Tuple(p, Strides(entry.ShapeArray));
                p.WriteByte(0x89);                                        // NEWFALSE: requires_grad
                Global(p, "collections", "OrderedDict");
                p.Write([(byte)')', (byte)'R']);                          // backward hooks: OrderedDict()
                p.Write([(byte)'t', (byte)'R']);                          // TUPLE REDUCE
            }
            p.WriteByte((byte)'u');                                       // SETITEMS
        }
        p.WriteByte((byte)'.');                                           // STOP
        return p.ToArray();
    }

    private static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= Math.Max(shape[d], 1);
        }
        return strides;
    }

    private static void Global(Stream p, string module, string name)
    {
        p.WriteByte((byte)'c');
        p.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private static void Unicode(Stream p, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        p.WriteByte((byte)'X');
        p.Write(BitConverter.GetBytes((uint)bytes.Length));
        p.Write(bytes);
    }

    private static void Int(Stream p, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            p.WriteByte((byte)'J');                                       // BININT: 4-byte signed
            p.Write(BitConverter.GetBytes((int)value));
            return;
        }
        p.Write([0x8a, 8]);                                               // LONG1 with 8 bytes, two's complement
        p.Write(BitConverter.GetBytes(value));
    }

    private static void Tuple(Stream p, long[] values)
    {
        p.WriteByte((byte)'(');
        foreach (var v in values) Int(p, v);
        p.WriteByte((byte)'t');
    }
}
