using System.Diagnostics;
using CodeAssist.Server.Logging;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Benchmarks;
using CodeAssist.Tests.Shared;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

/// <summary>Training with llama.cpp's real trainer (llama-finetune from tests/llama-server/build.sh) on a few small files.</summary>
public sealed class ModelTrainerTests : IDisposable
{
    private readonly TempDirectory _temp = new("trainer");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Trains_a_qwen3moe_whose_held_out_loss_is_below_chance()
    {
        // into a folder that does not exist yet: made at the start, not found missing after the training
        var output = Path.Combine(_temp.Path, "models", "tiny.gguf");
        var trainer = new ModelTrainer(new LlamaFinetune(await FinetuneAsync()), Shape);

        var report = await trainer.TrainAsync(Options(output), new Progress<string>(), CancellationToken.None);

        var model = GgufReader.Open(output);
        Assert.Equal("qwen3moe", model.Architecture);
        Assert.Equal(report.TokensSeen, model.GetInteger("codeassist.training.tokens_seen"));
        Assert.True(report.TokensSeen > 0);
        Assert.Contains(report.Curve, p => p.Validation);
        // a uniform guess over the 512 tokens costs ln 512 = 6.24 nats
        Assert.InRange(report.ValidationLoss, 0.5, Math.Log(512));
        Assert.True(File.Exists(Path.ChangeExtension(output, ".training.log")));
    }

    [Fact]
    public async Task An_interrupted_training_leaves_no_model_at_the_output_path()
    {
        var output = Path.Combine(_temp.Path, "tiny.gguf");
        var trainer = new ModelTrainer(new LlamaFinetune(await FinetuneAsync()), Shape);
        using var interrupt = new CancellationTokenSource();
        var progress = new SynchronousProgress<string>(line =>
        {
            if (line.StartsWith("training: ", StringComparison.Ordinal))
                interrupt.Cancel(); // what Ctrl-C does to the command's token, as llama-finetune starts
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trainer.TrainAsync(Options(output), progress, interrupt.Token));

        Assert.False(File.Exists(output));
        Assert.DoesNotContain(Process.GetProcessesByName(LlamaFinetune.ExecutableName), IsChild);
    }

    private static readonly TrainingModelShape Shape = new(Embedding: 256, Layers: 1, FeedForward: 256);

    private ModelTrainer.Options Options(string output) =>
        new(Corpus(), output, VocabularySize: 512, Epochs: 1, LearningRate: 3e-4, Threads: 2, Seed: 1);

    /// <summary>This repository's own Models folder: real C#, small enough for a few dozen training windows.</summary>
    private static string Corpus() => Path.Combine(Mbpp.RepositoryRoot, "server", "Models");

    private static bool IsChild(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/stat").Split(' ')[3] == Environment.ProcessId.ToString();
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<string> FinetuneAsync() => Path.Combine(await LlamaServerFixture.BuildAsync(), LlamaFinetune.ExecutableName);

}
