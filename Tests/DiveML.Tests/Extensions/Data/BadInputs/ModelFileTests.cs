using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using DiveML.Extensions.Data;
using DiveML.Extensions.IO;
using DiveML.Samples.Cli;
using DiveML.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Tests.Extensions.BadInputs;

/// <summary>
/// docs/bad-inputs.md, "Model files": a model zip is untrusted input. <see cref="DiveModelFile.Load"/> checks it before
/// ML.NET reads it (ML.NET extracts entries to temporary files and ONNX Runtime follows external-data paths).
/// </summary>
public class ModelFileTests : IClassFixture<ModelFileTests.NetworkModel>
{
    private const string OnnxEntry = "TransformerChain/Transform_000/OnnxModel";

    private sealed class Row
    {
        public float A { get; set; }
    }

    /// <summary>A small, valid ML.NET model zip (a column copy) with an optional DiveML description.</summary>
    private static byte[] SmallModel(DiveModelMetadata? metadata = null)
    {
        using var dir = new ScratchFolder();
        var ml = new MLContext(0) { TempFilePath = dir.Path };
        var data = ml.Data.LoadFromEnumerable([new Row { A = 1 }, new Row { A = 2 }]);
        var model = ml.Transforms.CopyColumns("B", "A").Fit(data);
        var path = dir["model.zip"];
        DiveModelFile.Save(ml, model, data.Schema, path, metadata);
        return File.ReadAllBytes(path);
    }

    private static byte[] WithEntries(byte[] zipBytes, params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zipBytes);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            foreach (var (name, content, level) in entries)
            {
                zip.GetEntry(name)?.Delete();
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    private static DataViewSchema Load(string path, DiveModelLoadOptions? options = null)
    {
        DiveModelFile.Load(new MLContext(0), path, out var schema, out _, options);
        return schema;
    }

    [Fact]
    public void M01_a_zip_bomb_entry_is_refused_before_ML_NET_extracts_it()
    {
        using var dir = new ScratchFolder();
        // 64 MiB of zeros compress about 1000:1 (ML.NET would extract them to a temporary file while loading).
        var path = dir.Write("bomb.zip", WithEntries(SmallModel(), ("TransformerChain/Model.key", new byte[64 << 20], CompressionLevel.Optimal)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("zip bomb", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 48 << 20, "expanded the bomb before refusing");
    }

    [Fact]
    public void M02_entries_expanding_beyond_the_limit_together_are_refused()
    {
        using var dir = new ScratchFolder();
        var random = new byte[200_000];
        new Random(1).NextBytes(random);
        var path = dir.Write("big.zip", WithEntries(SmallModel(), ("Extra/a", random, CompressionLevel.Fastest)));
        var e = Assert.Throws<InvalidDataException>(() => Load(path, new DiveModelLoadOptions { MaxExpandedBytes = 100_000 }));
        Assert.Contains("expand to more than 100,000 bytes", e.Message);
        Load(path); // the default limit (1 GiB) accepts it
    }

    [Fact]
    public void M03_an_entry_that_expands_beyond_its_declared_size_is_refused()
    {
        using var dir = new ScratchFolder();
        var bytes = WithEntries(SmallModel(), ("Extra/liar", Encoding.ASCII.GetBytes(new string('x', 50_000)), CompressionLevel.Optimal));
        PatchDeclaredSize(bytes, "Extra/liar", 1_000);
        var path = dir.Write("liar.zip", bytes);
        var e = Assert.Throws<InvalidDataException>(() => Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("Extra/liar", e.Message);
    }

    [Fact]
    public void M04_a_zip_with_too_many_entries_is_refused()
    {
        using var dir = new ScratchFolder();
        var many = Enumerable.Range(0, 20).Select(i => ($"Extra/{i}", new byte[1], CompressionLevel.Fastest)).ToArray();
        var path = dir.Write("many.zip", WithEntries(SmallModel(), many));
        var e = Assert.Throws<InvalidDataException>(() => Load(path, new DiveModelLoadOptions { MaxEntries = 10 }));
        Assert.Contains("entries (at most 10)", e.Message);
    }

    [Fact]
    public void M05_an_entry_pointing_outside_the_model_is_refused()
    {
        using var dir = new ScratchFolder();
        var path = dir.Write("escape.zip", WithEntries(SmallModel(), ("TransformerChain/../../escape", [1], CompressionLevel.Fastest)));
        var e = Assert.Throws<InvalidDataException>(() => Load(path));
        Assert.Contains("points outside the model", e.Message);
    }

    [Fact]
    public void M06_an_ONNX_model_naming_external_data_is_refused_wherever_the_tensor_sits()
    {
        using var dir = new ScratchFolder();
        var external = Tensor("stolen", externalLocation: "/etc/passwd");
        // In the graph's initialisers.
        var initialiser = Model(Graph(initializers: [external]));
        var e = Assert.Throws<InvalidDataException>(() => Load(dir.Write("init.zip", WithEntries(SmallModel(), (OnnxEntry, MlNetBytes(initialiser), CompressionLevel.Optimal)))));
        Assert.Contains("tensor 'stolen'", e.Message);
        Assert.Contains("external file", e.Message);
        // In a constant node's attribute inside an If node's subgraph, located only by data_location = EXTERNAL.
        var nested = Model(Graph(nodes: [Node(Attribute(graph: Graph(nodes: [Node(Attribute(tensor: Tensor("deep", externalLocation: null, dataLocationExternal: true)))])))]));
        e = Assert.Throws<InvalidDataException>(() => Load(dir.Write("nested.zip", WithEntries(SmallModel(), (OnnxEntry, MlNetBytes(nested), CompressionLevel.Optimal)))));
        Assert.Contains("tensor 'deep'", e.Message);
        // The same graph with inline data is accepted by the check.
        var inline = Model(Graph(initializers: [Tensor("fine", externalLocation: null)]));
        Assert.Null(DiveModelFile.Check(dir.Write("inline.zip", WithEntries(SmallModel(), (OnnxEntry, MlNetBytes(inline), CompressionLevel.Optimal)))));
    }

    [Fact]
    public void M07_a_damaged_ONNX_model_is_refused_as_damaged()
    {
        using var dir = new ScratchFolder();
        var path = dir.Write("damaged.zip", WithEntries(SmallModel(), (OnnxEntry, MlNetBytes([0x3A, 0xFF, 0xFF, 0x01]), CompressionLevel.Optimal)));
        var e = Assert.Throws<InvalidDataException>(() => Load(path));
        Assert.Contains("damaged", e.Message);
        Assert.Contains("not well-formed", e.Message);
    }

    [Fact]
    public void M08_a_model_made_by_another_command_is_named_with_the_command_that_made_it()
    {
        using var dir = new ScratchFolder();
        var path = dir.Write("model.zip", SmallModel(DiveModelMetadata.Create("dive preprocess", new { Columns = 3 })));
        var options = new DiveModelLoadOptions { RequiredKind = "dive kaggle", UsedBy = "dive predict" };
        var e = Assert.Throws<InvalidDataException>(() => Load(path, options));
        Assert.Equal($"{path} was made by 'dive preprocess'; 'dive predict' needs a model from 'dive kaggle'.", e.Message);
        // The same through the helper, and the right kind passes.
        Assert.Throws<InvalidDataException>(() => DiveModelMetadata.RequireKind(DiveModelFile.ReadMetadata(path), path, "dive kaggle", "dive predict"));
        Assert.Equal("dive preprocess", DiveModelFile.Check(path, new DiveModelLoadOptions { RequiredKind = "dive preprocess" })!.Kind);
    }

    [Fact]
    public void M09_a_model_without_a_description_is_refused_where_a_kind_is_required()
    {
        using var dir = new ScratchFolder();
        var path = dir.Write("plain.zip", SmallModel());
        var e = Assert.Throws<InvalidDataException>(() => Load(path, new DiveModelLoadOptions { RequiredKind = "dive kaggle", UsedBy = "dive predict" }));
        Assert.Equal($"{path} was not made by 'dive kaggle' (it has no DiveML description); 'dive predict' needs a model from 'dive kaggle'.", e.Message);
        Assert.Equal("A", Load(path)["A"].Name); // without a required kind it loads
    }

    [Fact]
    public void M10_a_file_that_is_not_a_zip_or_a_damaged_description_is_refused_by_name()
    {
        using var dir = new ScratchFolder();
        var text = dir.Write("model.zip", "a,b\n1,2\n");
        Assert.Contains("is not a model zip", Assert.Throws<InvalidDataException>(() => Load(text)).Message);
        var damaged = dir.Write("damaged.zip", WithEntries(SmallModel(), (DiveModelMetadata.EntryName, "{\"kind\": 3}"u8.ToArray(), CompressionLevel.Fastest)));
        Assert.Contains("damaged DiveML description", Assert.Throws<InvalidDataException>(() => Load(damaged)).Message);
        Assert.Throws<FileNotFoundException>(() => Load(dir["none.zip"]));
    }

    [Fact]
    public void M11_the_dive_commands_leave_the_temporary_folder_as_they_found_it()
    {
        // The fixture ran 'dive fashion-mnist': a fit of an ONNX-scored network, which copied the ONNX bytes to the
        // temporary folder and never deleted them before issue 15.
        using var dir = new ScratchFolder();
        var temp = Directory.CreateDirectory(dir["tmp"]).FullName;
        var csv = dir.Write("train.csv", "a,b\n1,x\n2,y\n,x\n");
        Dive(temp, "preprocess", "--data", csv, "--out", dir["out.csv"], "--save-model", dir["prep.zip"]);
        Dive(temp, "apply", "--model", dir["prep.zip"], "--data", csv, "--out", dir["applied.csv"]);
        Assert.Equal(File.ReadAllText(dir["out.csv"]), File.ReadAllText(dir["applied.csv"]));
        // The model's kind is checked: a network model given to 'dive apply' is named as such.
        var (code, _, err) = Dive(temp, expectSuccess: false, "apply", "--model", _network.ModelPath, "--data", csv, "--out", dir["x.csv"]);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("was made by 'dive fashion-mnist'; 'dive apply' needs a model from 'dive preprocess'", err);
        Assert.Empty(Leftovers(temp));
        Assert.Empty(_network.Leftovers);
    }

    [Fact]
    public void M12_loading_and_scoring_an_ONNX_model_writes_temporary_files_only_to_the_private_folder()
    {
        var ml = new MLContext(0);
        var loaded = DiveModelFile.Load(ml, _network.ModelPath, out _, out var metadata, new DiveModelLoadOptions { RequiredKind = "dive fashion-mnist" });
        Assert.Equal("dive fashion-mnist", metadata!.Kind);
        Assert.Equal(DiveTempFolder.Path, ml.TempFilePath);
        var images = ml.Data.TakeRows(FashionMnist.Load(FashionMnistSplit.Test).ToDataView(), 20);
        Assert.Equal(20, loaded.Transform(images).GetColumn<uint>("PredictedLabel").Count());
        // ML.NET's copy of the ONNX bytes is in the private folder (owner-only, deleted at exit), not the shared one.
        Assert.NotEmpty(Directory.GetFiles(DiveTempFolder.Path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(DiveTempFolder.Path));
    }

    [Fact]
    public void M13_several_models_in_one_file_are_checked_one_by_one_as_untrusted_input()
    {
        using var dir = new ScratchFolder();
        var ml = new MLContext(0) { TempFilePath = dir.Path };
        var data = ml.Data.LoadFromEnumerable([new Row { A = 1 }, new Row { A = 2 }]);
        var models = new[] { ml.Transforms.CopyColumns("B", "A").Fit(data), ml.Transforms.CopyColumns("C", "A").Fit(data) };
        var path = dir["set.zip"];
        DiveModelFile.SaveAll(ml, models, data.Schema, path, DiveModelMetadata.Create("dive kaggle", new { Folds = 2 }));
        var loaded = DiveModelFile.LoadAll(ml, path, out var schema, out var metadata, new DiveModelLoadOptions { RequiredKind = "dive kaggle" });
        Assert.Equal(["B", "C"], loaded.Select(m => m.Transform(data).Schema.Last().Name));
        Assert.Equal("A", schema["A"].Name);
        Assert.Equal("dive kaggle", metadata!.Kind);
        // Loaded as one model, it says what it is.
        Assert.Contains("holds 2 models", Assert.Throws<InvalidDataException>(() => Load(path)).Message);
        // A file of one model is a set of one.
        var single = dir.Write("one.zip", SmallModel());
        Assert.Single(DiveModelFile.LoadAll(ml, single, out _, out _));
        // A zip bomb inside a stored model is found by the check of that model, before ML.NET extracts anything.
        var bomb = WithEntries(SmallModel(), ("TransformerChain/Model.key", new byte[64 << 20], CompressionLevel.Optimal));
        var withBomb = dir.Write("bomb-set.zip", WithEntries(File.ReadAllBytes(path), ("DiveML/models/2.zip", bomb, CompressionLevel.NoCompression)));
        var e = Assert.Throws<InvalidDataException>(() => DiveModelFile.LoadAll(ml, withBomb, out _, out _));
        Assert.Contains($"{withBomb} (model 2 of 2)", e.Message);
        Assert.Contains("zip bomb", e.Message);
        Assert.Contains("zip bomb", Assert.Throws<InvalidDataException>(() => DiveModelFile.Check(withBomb)).Message);
        // Models inside a stored model, or a gap in the numbering, are refused.
        var nested = dir.Write("nested.zip", WithEntries(File.ReadAllBytes(path), ("DiveML/models/1.zip", File.ReadAllBytes(path), CompressionLevel.NoCompression)));
        Assert.Contains("holds models inside a model", Assert.Throws<InvalidDataException>(() => DiveModelFile.LoadAll(ml, nested, out _, out _)).Message);
        var gap = dir.Write("gap.zip", WithEntries(File.ReadAllBytes(path), ("DiveML/models/5.zip", SmallModel(), CompressionLevel.NoCompression)));
        Assert.Contains("not numbered 1 to 3", Assert.Throws<InvalidDataException>(() => DiveModelFile.LoadAll(ml, gap, out _, out _)).Message);
    }

    /// <summary>Runs 'dive fashion-mnist' once for the class (a few seconds): its model.zip, and what it left in its TMPDIR.</summary>
    public sealed class NetworkModel : IDisposable
    {
        private readonly ScratchFolder _dir = new();

        public NetworkModel()
        {
            var temp = Directory.CreateDirectory(_dir["tmp"]).FullName;
            Dive(temp, "fashion-mnist", "--model", "softmax", "--train-limit", "600", "--epochs", "1", "--device", "cpu", "--seed", "1", "--out", _dir["fm"]);
            ModelPath = Path.Combine(_dir["fm"], "model.zip");
            Leftovers = ModelFileTests.Leftovers(temp);
        }

        public string ModelPath { get; }
        public IReadOnlyList<string> Leftovers { get; }
        public void Dispose() => _dir.Dispose();
    }

    private readonly NetworkModel _network;

    public ModelFileTests(NetworkModel network) => _network = network;

    /// <summary>
    /// What a run left in its TMPDIR. ONNX Runtime's native code keeps one fixed-name session file (".ses") there,
    /// overwritten on every run (it reads TMPDIR from the native environment, which .NET does not change).
    /// </summary>
    private static string[] Leftovers(string temp) => Directory.EnumerateFileSystemEntries(temp).Where(e => Path.GetFileName(e) != ".ses").ToArray();

    private static (int Code, string Out, string Err) Dive(string temp, params string[] args) => Dive(temp, expectSuccess: true, args);

    private static (int Code, string Out, string Err) Dive(string temp, bool expectSuccess, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(CommandRunner).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.Environment["TMPDIR"] = temp;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (expectSuccess) Assert.True(process.ExitCode == 0, $"dive {string.Join(' ', args)}: {stderr}");
        return (process.ExitCode, stdout.Result, stderr);
    }

    /// <summary>Sets the uncompressed size an entry declares, in its local header and in the central directory.</summary>
    private static void PatchDeclaredSize(byte[] zip, string name, uint size)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        int patched = 0;
        for (int i = 0; i + 46 <= zip.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034B50 && zip.AsSpan(i + 30).StartsWith(nameBytes) && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26)) == nameBytes.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                patched++;
            }
            else if (signature == 0x02014B50 && zip.AsSpan(i + 46).StartsWith(nameBytes) && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28)) == nameBytes.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                patched++;
            }
        }
        Assert.Equal(2, patched);
    }

    // A minimal protobuf writer for hand-made ONNX models (field numbers from onnx.proto).
    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do { byte b = (byte)(value & 0x7F); value >>= 7; bytes.Add(value != 0 ? (byte)(b | 0x80) : b); } while (value != 0);
        return [.. bytes];
    }

    private static byte[] Field(int number, byte[] body) => [.. Varint((ulong)number << 3 | 2), .. Varint((ulong)body.Length), .. body];
    private static byte[] Field(int number, string text) => Field(number, Encoding.UTF8.GetBytes(text));
    private static byte[] VarintField(int number, ulong value) => [.. Varint((ulong)number << 3), .. Varint(value)];

    private static byte[] Tensor(string name, string? externalLocation, bool dataLocationExternal = false)
    {
        byte[] tensor = [.. VarintField(1, 1), .. VarintField(2, 1), .. Field(8, name)];
        if (externalLocation is not null) tensor = [.. tensor, .. Field(13, [.. Field(1, "location"), .. Field(2, externalLocation)])];
        if (dataLocationExternal || externalLocation is not null) tensor = [.. tensor, .. VarintField(14, 1)];
        else tensor = [.. tensor, .. Field(9, new byte[4])]; // raw_data
        return tensor;
    }

    private static byte[] Graph(byte[][]? nodes = null, byte[][]? initializers = null)
        => [.. (nodes ?? []).SelectMany(n => Field(1, n)), .. Field(2, "g"), .. (initializers ?? []).SelectMany(t => Field(5, t))];

    private static byte[] Node(byte[] attribute) => [.. Field(4, "If"), .. Field(5, attribute)];

    private static byte[] Attribute(byte[]? graph = null, byte[]? tensor = null)
        => [.. Field(1, "a"), .. (tensor is null ? [] : Field(5, tensor)), .. (graph is null ? [] : Field(6, graph))];

    private static byte[] Model(byte[] graph) => [.. VarintField(1, 8), .. Field(2, "test"), .. Field(7, graph)];

    /// <summary>The content of ML.NET's <c>OnnxModel</c> entry: a 32-bit length, then the ONNX bytes.</summary>
    private static byte[] MlNetBytes(byte[] onnx)
    {
        var content = new byte[4 + onnx.Length];
        BinaryPrimitives.WriteInt32LittleEndian(content, onnx.Length);
        onnx.CopyTo(content, 4);
        return content;
    }
}
