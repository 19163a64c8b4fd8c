using System.CommandLine;
using System.Text.Json;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Logging;
using Spectre.Console;

namespace CodeAssist.Server.Training;

/// <summary><c>codeassist models train --corpus DIR --out FILE.gguf ...</c>: trains the small C# model the demo ships.</summary>
public static class TrainCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(IAnsiConsole console)
    {
        var corpus = new Option<string>("--corpus") { Description = "Folder of .cs files to train on (about 10% of the files, chosen by path hash, are held out)", Required = true };
        var output = new Option<string>("--out") { Description = "The F16 qwen3moe GGUF to write; FILE.training.json, .training.log and .loss.svg go beside it", Required = true };
        var vocabulary = new Option<int>("--vocab") { Description = "BPE vocabulary size", DefaultValueFactory = _ => 4096 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training text (each token is in two overlapping windows per pass)", DefaultValueFactory = _ => 1 };
        // one 512-token window per AdamW step: 3e-4 learns faster at first but ends worse held-out, 1e-3 diverges
        var learningRate = new Option<double>("--lr") { Description = "AdamW learning rate, constant within an epoch; decays exponentially to a tenth over the epochs", DefaultValueFactory = _ => 1e-4 };
        var threads = new Option<int>("--threads") { Description = "CPU threads for llama-finetune", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Seed for sample order and FIM cuts", DefaultValueFactory = _ => 14 };
        var trainingMb = new Option<double>("--train-mb") { Description = "Most megabytes of training text, whole files in seeded order (0: all); held-out text is capped at a tenth of it", DefaultValueFactory = _ => 0 };
        var work = new Option<string?>("--work") { Description = "Keep the intermediate files (init.gguf, train.txt, dense.gguf, finetune.log) in this folder; a finished llama-finetune result already there is reused" };
        var finetune = new Option<string?>("--llama-finetune") { Description = "Path of llama.cpp's llama-finetune (default: the build cache of tests/llama-server/build.sh)" };
        var init = new Option<string?>("--init") { Description = "Continue from this model of its own (the shipped qwen3moe F16 or a dense qwen3 GGUF) with its vocabulary, instead of fresh weights and a new BPE (--vocab is then ignored)" };
        var fimRate = new Option<double>("--fim-rate") { Description = "Share of the ~1,200-character chunks that become FIM samples, 0 to 1", DefaultValueFactory = _ => FimSampleWriter.DefaultFimRate };
        var fimOrder = new Option<FimOrder>("--fim-order") { Description = "Layout of the FIM samples, which the model declares to the server: spm (<pre><suf>suffix<mid>prefix middle, the middle continues the prefix) or psm", DefaultValueFactory = _ => FimOrder.Spm };
        var command = new Command("train", "Train a small C# code model on CPU with llama.cpp's trainer: BPE from the corpus, FIM objective, dense qwen3 upcycled to qwen3moe, F16 GGUF");
        foreach (var option in new Option[] { corpus, output, vocabulary, epochs, learningRate, threads, seed, trainingMb, work, finetune, init, fimRate, fimOrder })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var executable = parse.GetValue(finetune) ?? LlamaFinetune.FindCached();
            if (executable is null || !File.Exists(executable))
            {
                console.MarkupLineInterpolated($"[red]llama-finetune not found[/] ({executable ?? "no build cache"}); build it with bash tests/llama-server/build.sh, or pass --llama-finetune PATH");
                return 2;
            }
            var options = new ModelTrainer.Options(parse.GetValue(corpus)!, Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(vocabulary),
                parse.GetValue(epochs), parse.GetValue(learningRate), parse.GetValue(threads), parse.GetValue(seed),
                (long)(parse.GetValue(trainingMb) * 1_000_000), parse.GetValue(work) is { } folder ? Path.GetFullPath(folder) : null,
                parse.GetValue(init) is { } model ? Path.GetFullPath(model) : null, parse.GetValue(fimRate), parse.GetValue(fimOrder));
            try
            {
                var trainer = new ModelTrainer(new LlamaFinetune(executable), new TrainingModelShape());
                var report = await trainer.TrainAsync(options, new SynchronousProgress<string>(line => console.WriteLine(line)), cancellationToken);
                await File.WriteAllTextAsync(Path.ChangeExtension(options.Output, ".training.json"), JsonSerializer.Serialize(report, Json), cancellationToken);
                await File.WriteAllTextAsync(Path.ChangeExtension(options.Output, ".loss.svg"), LossCurveSvg.Render(report.Curve), cancellationToken);
                console.WriteLine($"{options.Output}: {report.Parameters:N0} dense parameters, {report.TokensSeen:N0} tokens in {report.WallSeconds:F0} s; " +
                                  $"held-out loss {report.ValidationLoss:F3}, next-token accuracy {report.ValidationAccuracy:P1}");
                return 0;
            }
            catch (TrainingInputException e)
            {
                console.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 2;
            }
        });
        return command;
    }
}
