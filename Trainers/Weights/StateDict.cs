using System.Collections;
using System.IO.Compression;
using System.Text.Json;
using DiveML.Trainers.Onnx;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace DiveML.Trainers;

/// <summary>
/// A network's parameters and buffers by name, as PyTorch's <c>state_dict()</c> (d2l 5.5, file I/O): saved to and
/// loaded from the files of <c>torch.save</c> / <c>torch.load</c>, so weights move between the book's PyTorch code and
/// ML.NET pipelines in both directions.
/// </summary>
/// <remarks>
/// <code>
/// StateDict.From(model).Save("mlp.params");                 // torch: net.load_state_dict(torch.load("mlp.params"))
/// var weights = StateDict.Load("mlp.params");               // torch: torch.save(net.state_dict(), "mlp.params")
/// weights.LoadInto(network);                                // net.load_state_dict(...)
/// var options = new MlpOptions { InitialWeights = weights, Epochs = 0 };   // score (or fine-tune) given weights in ML.NET
/// var loaded = StateDict.FromSavedModel("model.zip");       // the parameters of a saved ML.NET model (d2l 5.2 after loading)
/// </code>
/// Keys are PyTorch's: a module's path from the network's top, a dot, the parameter's name (<c>0.weight</c>,
/// <c>block.1.bias</c>). DiveML's own networks are numbered like the book's <c>nn.Sequential</c> (decisions D18), so
/// the book's 784-256-10 MLP without <c>nn.Flatten()</c> has exactly DiveML's keys (<c>0.*</c>, <c>2.*</c>), and the
/// one with <c>nn.Flatten()</c> first (<c>1.*</c>, <c>3.*</c>) loads too: <see cref="LoadInto"/> accepts layer indexes
/// shifted by a parameterless first layer. Files hold float32, float64 and int64 tensors; the zip format of PyTorch
/// ≥ 1.6 is read and written (the legacy format is refused with a message).
/// </remarks>
public sealed class StateDict : IReadOnlyList<StateDictEntry>
{
    private readonly StateDictEntry[] _entries;
    private readonly Dictionary<string, StateDictEntry> _byName;

    /// <summary>A state_dict of the given entries, in that order; names must be distinct.</summary>
    public StateDict(IEnumerable<StateDictEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.ToArray();
        _byName = new Dictionary<string, StateDictEntry>(StringComparer.Ordinal);
        foreach (var entry in _entries)
            if (!_byName.TryAdd(entry.Name, entry)) throw new ArgumentException($"The key '{entry.Name}' appears twice.", nameof(entries));
    }

    /// <summary>The keys, in order.</summary>
    public IReadOnlyList<string> Keys => _entries.Select(e => e.Name).ToArray();

    /// <inheritdoc/>
    public int Count => _entries.Length;

    /// <inheritdoc/>
    public StateDictEntry this[int index] => _entries[index];

    /// <summary>The entry named <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such key; the message lists the keys.</exception>
    public StateDictEntry this[string key] => _byName.TryGetValue(key, out var entry) ? entry
        : throw new KeyNotFoundException($"The state_dict has no '{key}'. Its keys: {string.Join(", ", _entries.Select(e => e.Name))}.");

    /// <summary>Whether there is an entry named <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => _byName.ContainsKey(key);

    /// <inheritdoc/>
    public IEnumerator<StateDictEntry> GetEnumerator() => ((IEnumerable<StateDictEntry>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Reads a file written by <c>torch.save(net.state_dict(), path)</c> or by <see cref="Save(string)"/>.</summary>
    /// <exception cref="InvalidDataException">Not a state_dict file; says what it is instead.</exception>
    public static StateDict Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No state_dict file at {path}.", path);
        using var file = File.OpenRead(path);
        return TorchSaveReader.Read(file, path);
    }

    /// <summary>Reads a state_dict file from <paramref name="stream"/>.</summary>
    public static StateDict Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return TorchSaveReader.Read(stream, "the state_dict stream");
    }

    /// <summary>
    /// Writes the file <c>torch.load(path)</c> (also with <c>weights_only=True</c>) reads as an OrderedDict of CPU
    /// tensors. The file is written in full and then moved into place, so a failure leaves no partial file.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // AtomicFile: a new temporary file in the same folder, renamed over the target (a planted link is replaced, not followed).
        DiveML.Extensions.IO.AtomicFile.WriteStream(full, file => { TorchSaveWriter.Write(file, this); return 0; });
    }

    /// <summary>Writes the file to <paramref name="stream"/> (which stays open).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TorchSaveWriter.Write(stream, this);
    }

    /// <summary>The current parameters and persistent buffers of <paramref name="module"/> (its <c>state_dict()</c>, copied to the CPU).</summary>
    public static StateDict From(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new StateDict(Entries(module).Select(p => StateDictEntry.FromTensor(p.Key, p.Tensor)));
    }

    /// <summary>
    /// A module's state_dict in PyTorch's order: each module's own parameters, then its persistent buffers, then its
    /// children's, depth first (TorchSharp's own <c>state_dict()</c> lists all parameters before all buffers).
    /// </summary>
    internal static IEnumerable<(string Key, Tensor Tensor)> Entries(nn.Module module, string prefix = "")
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false)) yield return (prefix + name, parameter);
        foreach (var (name, buffer) in module.named_buffers(recurse: false, include_nonpersistent: false)) yield return (prefix + name, buffer);
        foreach (var (name, child) in module.named_children())
            foreach (var entry in Entries(child, $"{prefix}{name}."))
                yield return entry;
    }

    /// <summary>
    /// The network's state_dict of a fitted DiveML model (a <see cref="TorchModel"/>, or a fitted chain holding one), or
    /// of a model that went through <c>mlContext.Model.Save/Load</c> (read from its ONNX graph, as
    /// <see cref="FromSavedModel(Stream)"/>): d2l 5.2's parameter access on fitted and loaded models alike.
    /// </summary>
    /// <exception cref="ArgumentException">The model holds no DiveML network, or more than one.</exception>
    public static StateDict From(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var networks = Flatten(model).OfType<TorchModel>().ToList();
        if (networks.Count == 1) return From(networks[0].Network);
        if (networks.Count > 1) throw new ArgumentException($"The model holds {networks.Count} DiveML networks; pass the one you mean.", nameof(model));
        using var buffer = new MemoryStream();
        new MLContext(seed: 0).Model.Save(model, null, buffer);
        buffer.Position = 0;
        return FromSavedModel(buffer);
    }

    /// <summary>The network's state_dict of a model saved with <c>mlContext.Model.Save</c> (from the ONNX graph's initialisers, named by their keys). Needs no TorchSharp.</summary>
    public static StateDict FromSavedModel(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.OpenRead(path);
        return FromSavedModel(file, path);
    }

    /// <summary>As <see cref="FromSavedModel(string)"/>, from a stream.</summary>
    public static StateDict FromSavedModel(Stream stream) => FromSavedModel(stream, "the model");

    private static StateDict FromSavedModel(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var found = new List<StateDict>();
        foreach (var entry in zip.Entries.Where(e => e.Name == "OnnxModel"))
        {
            var model = OnnxModelReader.Read(OnnxBytes(entry));
            if (!model.Metadata.TryGetValue(NetworkExport.StateDictMetadataKey, out var layout)) continue;
            found.Add(FromLayout(JsonSerializer.Deserialize(layout, StateDictLayout.Json.StateDictLayoutArray)!, model, source));
        }
        return found.Count switch
        {
            1 => found[0],
            0 => throw new ArgumentException($"{source} holds no DiveML network with recorded parameters (models saved before DiveML named its ONNX initialisers have none: fit and save again)."),
            _ => throw new ArgumentException($"{source} holds {found.Count} DiveML networks."),
        };
    }

    /// <summary>
    /// Copies the entries into <paramref name="module"/>'s parameters and buffers (PyTorch's <c>load_state_dict</c>,
    /// strict): every key of the module must be present with the same shape, and no other key. Keys whose leading
    /// layer indexes are shifted by a parameterless first layer (the book's <c>nn.Flatten()</c>: <c>1.weight</c> for
    /// <c>0.weight</c>) are matched too.
    /// </summary>
    /// <exception cref="ArgumentException">The entries do not fit: lists the missing and unexpected keys, or the shapes that differ.</exception>
    public void LoadInto(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var target = module.state_dict();
        var source = Match(target.Keys.ToList());
        var wrongShapes = target.Where(t => !t.Value.shape.SequenceEqual(source[t.Key].ShapeArray))
            .Select(t => $"'{source[t.Key].Name}' is [{string.Join(", ", source[t.Key].Shape)}] but the network's '{t.Key}' is [{string.Join(", ", t.Value.shape)}]").ToList();
        if (wrongShapes.Count > 0) throw new ArgumentException($"The weights do not fit the network: {string.Join("; ", wrongShapes)}.", nameof(module));
        using var _ = no_grad();
        foreach (var (key, tensor) in target)
        {
            using var values = source[key].ToTensor();
            tensor.copy_(values);
        }
    }

    /// <summary>The same tensors under new keys, e.g. <c>k =&gt; "module." + k</c>.</summary>
    public StateDict RenameKeys(Func<string, string> rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        return new StateDict(_entries.Select(e => e.Values switch
        {
            float[] f => new StateDictEntry(rename(e.Name), e.ShapeArray, f),
            double[] d => new StateDictEntry(rename(e.Name), e.ShapeArray, d),
            _ => new StateDictEntry(rename(e.Name), e.ShapeArray, (long[])e.Values),
        }));
    }

    /// <summary>
    /// The same tensors with every key's leading layer index moved by <paramref name="offset"/>: +1 turns DiveML's
    /// <c>0.weight</c> into <c>1.weight</c>, the key of the book's <c>nn.Sequential(nn.Flatten(), nn.Linear(…), …)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A key does not start with a layer index, or would get a negative one.</exception>
    public StateDict ShiftLayerIndices(int offset) => RenameKeys(key => Shift(key, offset)
        ?? throw new InvalidOperationException($"Cannot move '{key}' by {offset}: it does not start with a layer index, or the index would be negative."));

    /// <summary>The entries for each key of the network, by exact name or by one uniform index shift.</summary>
    private Dictionary<string, StateDictEntry> Match(IReadOnlyList<string> keys)
    {
        if (keys.All(_byName.ContainsKey) && keys.Count == _entries.Length)
            return keys.ToDictionary(k => k, k => _byName[k]);
        foreach (int offset in new[] { 1, -1, 2, -2 })
        {
            var shifted = keys.Select(k => Shift(k, offset)).ToList();
            if (shifted.All(k => k is not null && _byName.ContainsKey(k)) && shifted.Distinct().Count() == _entries.Length)
                return keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => _byName[shifted[p.i]!]);
        }
        var missing = keys.Where(k => !_byName.ContainsKey(k)).ToList();
        var unexpected = _entries.Select(e => e.Name).Where(k => !keys.Contains(k)).ToList();
        throw new ArgumentException("The weights do not fit the network" +
            (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "") +
            (unexpected.Count > 0 ? $"; unexpected: {string.Join(", ", unexpected)}" : "") +
            $". The network's keys: {string.Join(", ", keys)}; the file's: {string.Join(", ", _entries.Select(e => e.Name))}.");
    }

    /// <summary>The entries of member <paramref name="member"/> of an ensemble (keys <c>members.k.…</c>), or all of them when the keys are one network's.</summary>
    internal StateDict ForMember(int member)
    {
        if (!_entries.All(e => e.Name.StartsWith("members.", StringComparison.Ordinal))) return this;
        string prefix = $"members.{member}.";
        var mine = _entries.Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (mine.Count == 0) throw new ArgumentException($"The weights are an ensemble's but hold no member {member} (keys '{prefix}…').");
        return new StateDict(mine).RenameKeys(k => k[prefix.Length..]);
    }

    private static string? Shift(string key, int offset)
    {
        int dot = key.IndexOf('.');
        if (dot <= 0 || !int.TryParse(key.AsSpan(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)) return null;
        return index + offset < 0 ? null : $"{index + offset}{key[dot..]}";
    }

    private static StateDict FromLayout(StateDictLayout[] layout, OnnxModelReader.Model model, string source)
    {
        var entries = new List<StateDictEntry>(layout.Length);
        foreach (var item in layout)
        {
            if (item.Values is { } inline)
            {
                entries.Add(item.Type switch
                {
                    "int64" => new StateDictEntry(item.Name, item.Shape, inline.Select(v => (long)v).ToArray()),
                    "float64" => new StateDictEntry(item.Name, item.Shape, inline),
                    _ => new StateDictEntry(item.Name, item.Shape, inline.Select(v => (float)v).ToArray()),
                });
                continue;
            }
            if (!model.Initializers.TryGetValue(item.Name, out var initializer))
                throw new InvalidDataException($"{source}: the ONNX graph lacks the initialiser '{item.Name}' its parameter list names.");
            entries.Add(initializer.Longs is { } longs
                ? new StateDictEntry(item.Name, item.Shape, longs)
                : new StateDictEntry(item.Name, item.Shape, initializer.Floats ?? throw new InvalidDataException($"{source}: initialiser '{item.Name}' is neither float32 nor int64.")));
        }
        return new StateDict(entries);
    }

    /// <summary>The ONNX bytes of an OnnxTransformer's zip entry: ML.NET writes them after a length prefix.</summary>
    private static byte[] OnnxBytes(ZipArchiveEntry entry)
    {
        using var input = entry.Open();
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length >= 8 && BitConverter.ToInt64(bytes, 0) == bytes.Length - 8) return bytes[8..];
        if (bytes.Length >= 4 && BitConverter.ToInt32(bytes, 0) == bytes.Length - 4) return bytes[4..];
        return bytes;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        yield return model;
        if (model is IEnumerable<ITransformer> chain)
            foreach (var inner in chain)
                foreach (var t in Flatten(inner))
                    yield return t;
    }
}
