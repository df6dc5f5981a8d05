using System.Collections;
using System.IO.Compression;
using DiveML.Extensions.Data;
using DiveML.Tests.Support;
using DiveML.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch.nn;

namespace DiveML.Tests.Trainers.Weights;

/// <summary>
/// StateDict files against an independent implementation of the torch.save format (TorchSharp.PyBridge, which pickles
/// with Razorvine.Pickle) in both directions, and the parameters of fitted and loaded models. Python's own check of
/// DiveML's files (check_roundtrip.py) is recorded in Samples/d2l/README.md; CI has no Python.
/// </summary>
public class StateDictTests
{
    private static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"diveml-weights-{Guid.NewGuid():N}{extension}");

    [Fact]
    public void A_file_DiveML_writes_is_read_back_by_PyBridge_bit_for_bit()
    {
        var weights = StateDict.Load(RepoPaths.Fixtures("pytorch-statedict", "mlp_784_256_10.pt")).ShiftLayerIndices(-1);
        var path = TempFile(".pt");
        try
        {
            weights.Save(path);
            Hashtable read;
            using (var file = File.OpenRead(path)) read = PyTorchUnpickler.UnpickleStateDict(file);
            Assert.Equal(weights.Keys.Order(), read.Keys.Cast<string>().Order());
            foreach (var entry in weights)
            {
                var tensor = (torch.Tensor)read[entry.Name]!;
                Assert.Equal(entry.Shape, tensor.shape);
                Assert.Equal(entry.ToSingles(), tensor.data<float>().ToArray());
            }
            // PyBridge's module loader (load_state_dict underneath) takes the file as PyTorch's nn.Sequential would.
            var net = Sequential(Linear(784, 256), ReLU(), Linear(256, 10));
            net.load_py(path, strict: true);
            Assert.Equal(weights["2.bias"].ToSingles(), net.state_dict()["2.bias"].data<float>().ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_PyBridge_writes_is_read_by_DiveML_bit_for_bit()
    {
        torch.manual_seed(3);
        var net = Sequential(Linear(5, 4), ReLU(), Linear(4, 2), BatchNorm1d(2));
        var path = TempFile(".pt");
        try
        {
            net.save_py(path);
            var read = StateDict.Load(path);
            var expected = net.state_dict();
            Assert.Equal(expected.Keys.Order(), read.Keys.Order());
            foreach (var (key, tensor) in expected)
            {
                Assert.Equal(tensor.shape, read[key].Shape);
                if (tensor.dtype == torch.ScalarType.Int64) Assert.Equal(tensor.data<long>().ToArray(), read[key].ToInt64s());
                else Assert.Equal(tensor.data<float>().ToArray(), read[key].ToSingles());
            }
            var copy = Sequential(Linear(5, 4), ReLU(), Linear(4, 2), BatchNorm1d(2));
            read.LoadInto(copy);
            Assert.Equal(net.state_dict()["0.weight"].data<float>().ToArray(), copy.state_dict()["0.weight"].data<float>().ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_written_file_has_torch_saves_records_stored_uncompressed()
    {
        var state = new StateDict([new StateDictEntry("0.weight", [2, 3], [1f, 2, 3, 4, 5, 6]), new StateDictEntry("0.bias", [2], [0.5f, -0.5f]),
            new StateDictEntry("1.num_batches_tracked", [], [7L])]);
        using var buffer = new MemoryStream();
        state.Save(buffer);
        buffer.Position = 0;
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true))
        {
            Assert.Equal(["archive/data.pkl", "archive/data/0", "archive/data/1", "archive/data/2", "archive/byteorder", "archive/version"], zip.Entries.Select(e => e.FullName));
            Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength)); // stored, as torch writes
            using var version = new StreamReader(zip.GetEntry("archive/version")!.Open());
            Assert.Equal("3\n", version.ReadToEnd()); // torch.load refuses a file without it
        }
        buffer.Position = 0;
        var back = StateDict.Load(buffer);
        Assert.Equal(state.Keys, back.Keys);
        Assert.Equal([7L], back["1.num_batches_tracked"].ToInt64s());
        Assert.Empty(back["1.num_batches_tracked"].Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], back["0.weight"].ToSingles());
    }

    [Fact]
    public void Files_that_are_not_state_dicts_are_refused_saying_what_they_are()
    {
        var path = TempFile(".pt");
        try
        {
            File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a]); // the start of a legacy (torch < 1.6) file
            Assert.Contains("legacy format", Assert.Throws<InvalidDataException>(() => StateDict.Load(path)).Message);
            File.WriteAllText(path, "weights");
            Assert.Contains("not a zip archive", Assert.Throws<InvalidDataException>(() => StateDict.Load(path)).Message);
            Assert.Contains("No state_dict file", Assert.Throws<FileNotFoundException>(() => StateDict.Load(path + ".missing")).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Weights_that_do_not_fit_the_network_are_refused_naming_keys_and_shapes()
    {
        var weights = StateDict.Load(RepoPaths.Fixtures("pytorch-statedict", "mlp_784_256_10.pt"));
        var narrow = Sequential(Linear(784, 128), ReLU(), Linear(128, 10));
        var shapes = Assert.Throws<ArgumentException>(() => weights.LoadInto(narrow));
        Assert.Contains("'1.weight' is [256, 784] but the network's '0.weight' is [128, 784]", shapes.Message);
        var deeper = Sequential(Linear(784, 256), ReLU(), Linear(256, 256), ReLU(), Linear(256, 10));
        var keys = Assert.Throws<ArgumentException>(() => weights.LoadInto(deeper));
        Assert.Contains("missing: 0.weight", keys.Message);
        Assert.Contains("unexpected: 1.weight", keys.Message);

        var ml = new MLContext(0);
        var data = Blobs.Make(20, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { InitialWeights = weights, Epochs = 0 }).Fit(data));
        Assert.Contains("do not fit the network", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { Epochs = 0 }));
    }

    [Fact]
    public void A_saved_model_keeps_its_parameter_names_shapes_and_values_after_loading()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(60, seed: 2);
        // BatchNorm1d brings buffers, one of them (num_batches_tracked) an int64 that the ONNX graph does not read.
        var model = ml.MulticlassClassification.Trainers.TorchNetwork(new CustomNetworkOptions((inputs, outputs) => Sequential(
            Linear(inputs, 8), BatchNorm1d(8), ReLU(), Linear(8, outputs))) { Seed = 1, Epochs = 3 }).Fit(data);
        var fitted = StateDict.From(model);
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias"], fitted.Keys);

        var path = TempFile(".zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = new MLContext(1).Model.Load(path, out _);
            foreach (var read in new[] { StateDict.FromSavedModel(path), StateDict.From(loaded) })
            {
                Assert.Equal(fitted.Keys, read.Keys);
                foreach (var entry in fitted)
                {
                    Assert.Equal(entry.Shape, read[entry.Name].Shape);
                    Assert.Equal(entry.ElementType, read[entry.Name].ElementType);
                    Assert.Equal(entry.ToSingles(), read[entry.Name].ToSingles());
                }
            }
            Assert.Equal(fitted["1.num_batches_tracked"].ToInt64s(), StateDict.FromSavedModel(path)["1.num_batches_tracked"].ToInt64s());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Ensemble_members_start_from_the_given_weights_and_are_named_by_member()
    {
        var ml = new MLContext(0);
        var data = Blobs.Make(40, seed: 3);
        var single = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [6], Seed = 4, Epochs = 2 }).Fit(data);
        var start = StateDict.From(single);
        var ensemble = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [6], EnsembleSize = 2, InitialWeights = start, Epochs = 0 }).Fit(data);
        var members = StateDict.From(ensemble);
        Assert.Equal(start.Keys.Select(k => $"members.0.{k}").Concat(start.Keys.Select(k => $"members.1.{k}")), members.Keys);
        Assert.Equal(start["2.weight"].ToSingles(), members["members.1.2.weight"].ToSingles());
        // Two identical members average to the single network's scores.
        Assert.Equal(single.Transform(data).GetColumn<float[]>("Score").SelectMany(s => s), ensemble.Transform(data).GetColumn<float[]>("Score").SelectMany(s => s),
            new FloatTolerance(1e-6f));
        // An ensemble's own state_dict gives each member its entries back.
        var again = ml.MulticlassClassification.Trainers.TorchMlp(new MlpOptions { HiddenLayers = [6], EnsembleSize = 2, InitialWeights = members, Epochs = 0 }).Fit(data);
        Assert.Equal(members["members.1.0.bias"].ToSingles(), StateDict.From(again)["members.1.0.bias"].ToSingles());
    }

    [Fact]
    public void Keys_can_be_moved_to_and_from_the_books_Flatten_first_layout()
    {
        var diveml = StateDict.Load(RepoPaths.Fixtures("pytorch-statedict", "mlp_784_256_10_noflatten.pt"));
        var book = diveml.ShiftLayerIndices(1);
        Assert.Equal(["1.weight", "1.bias", "3.weight", "3.bias"], book.Keys);
        Assert.Equal(StateDict.Load(RepoPaths.Fixtures("pytorch-statedict", "mlp_784_256_10.pt"))["3.bias"].ToSingles(), book["3.bias"].ToSingles());
        Assert.Throws<InvalidOperationException>(() => diveml.ShiftLayerIndices(-1));
    }
}
