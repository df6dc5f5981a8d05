using System.CommandLine;
using DiveML.Samples.Cli;
using DiveML.Samples.Commands;
using DiveML.Trainers;

namespace DiveML.Tests.Samples;

/// <summary>The shared trainer options: what is typed overrides, what is not keeps the model's and the command's defaults.</summary>
public class TrainerOptionsTests
{
    private static TorchTrainerOptions Parse(string model, params string[] args)
    {
        var trainer = new TrainerOptions(KaggleModels.Defaults);
        var modelOption = CliOptions.Choice("--model", "model", ["linear", "softmax", "mlp"]);
        var command = new RootCommand { modelOption };
        trainer.AddTo(command, modelOption, modelDefault: null);
        var parse = command.Parse(["--model", model, .. args]);
        Assert.Empty(parse.Errors);
        return trainer.Create(parse, model, classification: false, KaggleModels.ApplyDefaults);
    }

    [Fact]
    public void Options_not_typed_keep_the_command_defaults_of_the_model()
    {
        var mlp = Assert.IsType<MlpOptions>(Parse("mlp"));
        Assert.Equal([256], mlp.HiddenLayers);
        Assert.Equal([0.5], mlp.Dropout); // dive kaggle's MLP default, not "no dropout"
        Assert.Equal(5, mlp.EnsembleSize);
        Assert.Equal(200, mlp.Epochs);
        Assert.Null(mlp.Seed);
        var linear = Assert.IsType<LinearRegressionOptions>(Parse("linear"));
        Assert.Equal(5, linear.LearningRate);
        Assert.Equal(Initialization.TorchDefault, linear.Initialization);
    }

    [Fact]
    public void Typed_options_override_the_defaults()
    {
        var mlp = Assert.IsType<MlpOptions>(Parse("mlp", "--hidden", "128,64", "--dropout", "0.2", "--ensemble", "1", "--epochs", "7",
            "--lr", "0.01", "--optimizer", "sgd", "--init", "torch-default", "--activation", "tanh", "--weight-decay", "0",
            "--seed", "-3", "--device", "cpu", "--schedule", "cosine", "--batch-size", "32"));
        Assert.Equal([128, 64], mlp.HiddenLayers);
        Assert.Equal([0.2], mlp.Dropout);
        Assert.Equal(1, mlp.EnsembleSize);
        Assert.Equal(7, mlp.Epochs);
        Assert.Equal(0.01, mlp.LearningRate);
        Assert.Equal(OptimizerKind.Sgd, mlp.Optimizer);
        Assert.Equal(Activation.Tanh, mlp.Activation);
        Assert.Equal(0, mlp.WeightDecay);
        Assert.Equal(-3, mlp.Seed);
        Assert.Equal(TrainingDevice.Cpu, mlp.Device);
        Assert.Equal(LearningRateSchedule.Cosine, mlp.Schedule);
        Assert.Equal(32, mlp.BatchSize);
    }

    [Fact]
    public void A_model_the_task_cannot_use_is_a_usage_error()
    {
        var trainer = new TrainerOptions(KaggleModels.Defaults);
        var parse = new RootCommand().Parse([]);
        var e = Assert.Throws<UsageException>(() => trainer.Create(parse, "softmax", classification: false));
        Assert.Contains("--model softmax", e.Message);
    }
}
