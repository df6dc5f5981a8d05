using System.Buffers.Binary;
using System.Text;

namespace DiveML.Trainers;

/// <summary>
/// The part of Python's unpickler a <c>torch.save</c>d state_dict needs (protocols 2–5), restricted as
/// <c>torch.load(weights_only=True)</c> is: the only callables are <c>collections.OrderedDict</c> and torch's tensor
/// rebuild functions, and the only classes torch's storage types. Anything else is refused, naming it, rather than
/// guessed at. Tuples are <c>object?[]</c>, lists <c>List&lt;object?&gt;</c>, dicts <see cref="PickleDict"/>.
/// </summary>
internal sealed class PickleReader
{
    /// <summary>A Python dict or OrderedDict, keys in insertion order.</summary>
    public sealed class PickleDict : List<KeyValuePair<object?, object?>>;

    /// <summary>A global the pickle names (a module and a name), e.g. torch.FloatStorage.</summary>
    public sealed record Global(string Module, string Name)
    {
        public override string ToString() => $"{Module}.{Name}";
    }

    /// <summary>A persistent storage: the record <c>data/Key</c> of the archive, <c>Count</c> elements of <c>Type</c> (FloatStorage…).</summary>
    public sealed record Storage(string Type, string Key, long Count);

    /// <summary>A tensor view of a storage.</summary>
    public sealed record TensorView(Storage Storage, long Offset, long[] Shape, long[] Stride);

    private static readonly object Mark = new();
    private readonly byte[] _data;
    private int _pos;
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];

    private PickleReader(byte[] data) => _data = data;

    /// <summary>The object the pickle holds.</summary>
    /// <exception cref="InvalidDataException">A malformed pickle, or one that holds something other than tensors in dicts, lists and tuples.</exception>
    public static object? Load(byte[] data) => new PickleReader(data).Run();

    private object? Run()
    {
        while (true)
        {
            byte op = Byte();
            switch (op)
            {
                case 0x80: Byte(); break;                                         // PROTO n
                case 0x95: Bytes(8); break;                                       // FRAME (protocol 4): a length hint
                case (byte)'.': return Pop();                                     // STOP
                case (byte)'(': _stack.Add(Mark); break;                          // MARK
                case (byte)')': _stack.Add(Array.Empty<object?>()); break;        // EMPTY_TUPLE
                case (byte)'t': _stack.Add(PopToMark().ToArray()); break;         // TUPLE
                case 0x85: _stack.Add(new[] { Pop() }); break;                    // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); _stack.Add(new[] { a, b, c }); break; }
                case (byte)']': _stack.Add(new List<object?>()); break;           // EMPTY_LIST
                case (byte)'l': _stack.Add(PopToMark()); break;                   // LIST
                case (byte)'a': { var v = Pop(); List().Add(v); break; }          // APPEND
                case (byte)'e': { var items = PopToMark(); List().AddRange(items); break; }
                case (byte)'}': _stack.Add(new PickleDict()); break;              // EMPTY_DICT
                case (byte)'d': _stack.Add(Pairs(PopToMark())); break;            // DICT
                case (byte)'s': { var v = Pop(); var k = Pop(); Dict().Add(new(k, v)); break; }
                case (byte)'u': { var items = PopToMark(); Dict().AddRange(Pairs(items)); break; }
                case (byte)'N': _stack.Add(null); break;                          // NONE
                case 0x88: _stack.Add(true); break;                               // NEWTRUE
                case 0x89: _stack.Add(false); break;                              // NEWFALSE
                case (byte)'J': _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;
                case (byte)'K': _stack.Add((long)Byte()); break;                  // BININT1
                case (byte)'M': _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;
                case 0x8a: _stack.Add(Long(Bytes(Byte()))); break;                // LONG1
                case (byte)'G': _stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break; // BINFLOAT
                case (byte)'X': _stack.Add(Encoding.UTF8.GetString(Bytes(checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))))); break;
                case 0x8c: _stack.Add(Encoding.UTF8.GetString(Bytes(Byte()))); break; // SHORT_BINUNICODE
                case 0x8d: _stack.Add(Encoding.UTF8.GetString(Bytes(checked((int)BinaryPrimitives.ReadInt64LittleEndian(Bytes(8)))))); break;
                case (byte)'U': _stack.Add(Encoding.Latin1.GetString(Bytes(Byte()))); break; // SHORT_BINSTRING
                case (byte)'T': _stack.Add(Encoding.Latin1.GetString(Bytes(BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))))); break;
                case (byte)'c': _stack.Add(new Global(Line(), Line())); break;    // GLOBAL
                case 0x93: { var name = (string)Pop()!; var module = (string)Pop()!; _stack.Add(new Global(module, name)); break; }
                case (byte)'q': _memo[Byte()] = Top(); break;                     // BINPUT
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))] = Top(); break;
                case 0x94: _memo[_memo.Count] = Top(); break;                     // MEMOIZE
                case (byte)'h': _stack.Add(Memo(Byte())); break;                  // BINGET
                case (byte)'j': _stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))); break;
                case (byte)'Q': _stack.Add(PersistentLoad(Pop())); break;         // BINPERSID
                case (byte)'R': { var args = Pop(); var callable = Pop(); _stack.Add(Reduce(callable, args as object?[] ?? throw Bad("REDUCE without an argument tuple"))); break; }
                case (byte)'b': { var state = Pop(); Build(Top(), state); break; } // BUILD
                default:
                    throw Bad($"it uses pickle opcode 0x{op:x2} ('{(char)op}') at byte {_pos - 1}, which a torch.save state_dict does not use");
            }
        }
    }

    private object? Reduce(object? callable, object?[] args)
    {
        switch (callable)
        {
            case Global { Module: "collections", Name: "OrderedDict" }:
                return new PickleDict();
            case Global { Module: "torch._utils", Name: "_rebuild_tensor_v2" or "_rebuild_tensor" }:
                if (args is not [Storage storage, long offset, object?[] shape, object?[] stride, ..])
                    throw Bad("a _rebuild_tensor_v2 call whose arguments are not (storage, offset, shape, stride, …)");
                return new TensorView(storage, offset, shape.Select(ToLong).ToArray(), stride.Select(ToLong).ToArray());
            case Global { Module: "torch._utils", Name: "_rebuild_parameter" or "_rebuild_parameter_with_state" }:
                return args is [TensorView data, ..] ? data : throw Bad("a _rebuild_parameter call without a tensor");
            default:
                throw Bad($"it calls {callable}, which is not part of a state_dict of tensors (DiveML reads what torch.load(weights_only=True) reads)");
        }
    }

    /// <summary>BUILD on an OrderedDict sets attributes (nn.Module.state_dict's <c>_metadata</c>): not needed to load tensors.</summary>
    private static void Build(object? target, object? state)
    {
        if (target is PickleDict or TensorView) return;
        throw Bad($"it applies BUILD to a {target?.GetType().Name ?? "None"}");
    }

    private static Storage PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: >= 5 } t || t[0] is not "storage" || t[1] is not Global type || t[2] is not string key)
            throw Bad("a persistent id that is not ('storage', type, key, location, count)");
        if (type.Module != "torch" || !type.Name.EndsWith("Storage", StringComparison.Ordinal))
            throw Bad($"it holds a storage of type {type}");
        return new Storage(type.Name, key, ToLong(t[4]));
    }

    private static long ToLong(object? value) => value is long l ? l : throw Bad($"{value ?? "None"} where an integer belongs");

    private static long Long(byte[] bytes)
    {
        if (bytes.Length == 0) return 0;
        if (bytes.Length > 8) throw Bad("an integer wider than 64 bits");
        var padded = new byte[8];
        bytes.CopyTo(padded, 0);
        if ((bytes[^1] & 0x80) != 0) for (int i = bytes.Length; i < 8; i++) padded[i] = 0xff;
        return BinaryPrimitives.ReadInt64LittleEndian(padded);
    }

    private static PickleDict Pairs(List<object?> items)
    {
        if (items.Count % 2 != 0) throw Bad("a dict with an odd number of items");
        var dict = new PickleDict();
        for (int i = 0; i < items.Count; i += 2) dict.Add(new(items[i], items[i + 1]));
        return dict;
    }

    private PickleDict Dict() => Top() as PickleDict ?? throw Bad("SETITEM on something that is not a dict");

    private List<object?> List() => Top() as List<object?> ?? throw Bad("APPEND on something that is not a list");

    private object? Memo(long key) => _memo.TryGetValue(key, out var value) ? value : throw Bad($"memo entry {key} used before it was stored");

    private object? Top() => _stack.Count > 0 ? _stack[^1] : throw Bad("an empty stack");

    private object? Pop()
    {
        var value = Top();
        _stack.RemoveAt(_stack.Count - 1);
        if (ReferenceEquals(value, Mark)) throw Bad("a MARK where a value belongs");
        return value;
    }

    private List<object?> PopToMark()
    {
        int mark = _stack.FindLastIndex(v => ReferenceEquals(v, Mark));
        if (mark < 0) throw Bad("no MARK");
        var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private byte Byte() => _pos < _data.Length ? _data[_pos++] : throw Bad("the pickle ends before STOP");

    private byte[] Bytes(int count)
    {
        if (count < 0 || _pos + count > _data.Length) throw Bad("the pickle ends inside a value");
        var bytes = _data.AsSpan(_pos, count).ToArray();
        _pos += count;
        return bytes;
    }

    private string Line()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0) throw Bad("a GLOBAL without a line end");
        var text = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return text;
    }

    private static InvalidDataException Bad(string what) => new($"its data.pkl is not a state_dict DiveML can read: {what}.");
}
