using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DiveML.Trainers;

/// <summary>
/// Reads a state_dict written by <c>torch.save(net.state_dict(), path)</c> (the zip format of PyTorch ≥ 1.6, any
/// archive folder name, stored or deflated records) or by DiveML: the tensors of the top-level dict, in file order,
/// gathered through their shape, stride and storage offset.
/// </summary>
internal static class TorchSaveReader
{
    public static StateDict Read(Stream stream, string source)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        Span<byte> head = stackalloc byte[4];
        long start = stream.Position;
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4)
            throw new InvalidDataException(head[0] == 0x80
                ? $"{source} is in PyTorch's legacy format (torch < 1.6, or _use_new_zipfile_serialization=False). Save it again with a current torch.save."
                : $"{source} is not a torch.save file (it is not a zip archive).");
        stream.Position = start;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
        if (pickles.Count != 1)
            throw new InvalidDataException($"{source} is a zip archive but not a torch.save file: it has {pickles.Count} '<folder>/data.pkl' records.");
        string prefix = pickles[0].FullName[..^"data.pkl".Length];
        if (zip.GetEntry(prefix + "byteorder") is { } order && Text(order) is not "little")
            throw new InvalidDataException($"{source} was written on a big-endian machine ({prefix}byteorder), which DiveML does not read.");

        object? root;
        try
        {
            root = PickleReader.Load(Bytes(pickles[0]));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
        if (root is not PickleReader.PickleDict dict)
            throw new InvalidDataException($"{source} holds a {Describe(root)}, not a state_dict: save net.state_dict(), not the module itself.");
        var entries = new List<StateDictEntry>(dict.Count);
        foreach (var (key, value) in dict)
        {
            if (key is not string name) throw new InvalidDataException($"{source} holds a dict with a {Describe(key)} key; a state_dict's keys are parameter names.");
            if (value is not PickleReader.TensorView view)
                throw new InvalidDataException($"{source}: '{name}' is a {Describe(value)}, not a tensor: the file is not a state_dict " +
                    "(a checkpoint dict? save checkpoint['model'] or net.state_dict() on its own).");
            entries.Add(Tensor(zip, prefix, name, view, source));
        }
        return new StateDict(entries);
    }

    private static StateDictEntry Tensor(ZipArchive zip, string prefix, string name, PickleReader.TensorView view, string source)
    {
        var record = zip.GetEntry($"{prefix}data/{view.Storage.Key}")
            ?? throw new InvalidDataException($"{source}: the values of '{name}' ({prefix}data/{view.Storage.Key}) are missing.");
        byte[] bytes = Bytes(record);
        int size = view.Storage.Type switch
        {
            "FloatStorage" => 4,
            "DoubleStorage" or "LongStorage" => 8,
            _ => throw new InvalidDataException($"{source}: '{name}' is a {view.Storage.Type}; DiveML reads float32, float64 and int64 tensors (convert with .float())."),
        };
        if (bytes.LongLength != view.Storage.Count * size)
            throw new InvalidDataException($"{source}: '{name}' has {bytes.LongLength} bytes of values where {view.Storage.Count} × {size} are declared.");
        long count = view.Shape.Aggregate(1L, (a, d) => a * d);
        // The element of each row-major position, through the tensor's stride and offset (a view of a larger storage, a transposed weight).
        var positions = new long[count];
        for (long i = 0; i < count; i++)
        {
            long rest = i, position = view.Offset;
            for (int d = view.Shape.Length - 1; d >= 0; d--)
            {
                position += rest % view.Shape[d] * view.Stride[d];
                rest /= view.Shape[d];
            }
            if (position < 0 || position >= view.Storage.Count)
                throw new InvalidDataException($"{source}: '{name}' reads outside its storage (shape [{string.Join(", ", view.Shape)}], stride [{string.Join(", ", view.Stride)}]).");
            positions[i] = position;
        }
        switch (view.Storage.Type)
        {
            case "FloatStorage":
                var floats = new float[count];
                for (long i = 0; i < count; i++) floats[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(positions[i] * 4)));
                return new StateDictEntry(name, view.Shape, floats);
            case "DoubleStorage":
                var doubles = new double[count];
                for (long i = 0; i < count; i++) doubles[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan((int)(positions[i] * 8)));
                return new StateDictEntry(name, view.Shape, doubles);
            default:
                var longs = new long[count];
                for (long i = 0; i < count; i++) longs[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)(positions[i] * 8)));
                return new StateDictEntry(name, view.Shape, longs);
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PickleReader.TensorView => "tensor",
        PickleReader.PickleDict => "dict",
        object?[] => "tuple",
        List<object?> => "list",
        _ => value.GetType().Name,
    };

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var input = entry.Open();
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Text(ZipArchiveEntry entry) => Encoding.ASCII.GetString(Bytes(entry)).Trim();
}
