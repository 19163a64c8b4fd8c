using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Logging;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Training;

/// <summary>What <c>models train</c> measured: corpus, tokens, time and the loss curves.</summary>
public sealed record TrainingReport(string Corpus, int TrainingFiles, int HeldOutFiles, int Vocabulary, long Parameters,
    int FimSamples, int PlainChunks, int Epochs, int StepsPerEpoch, long TokensSeen, double WallSeconds,
    double ValidationLoss, double ValidationAccuracy, IReadOnlyList<LossPoint> Curve);

/// <summary>One point of a loss curve: training loss averaged over the windows since the previous point, or an epoch's validation loss.</summary>
public sealed record LossPoint(bool Validation, int Step, double Loss, double Accuracy);

/// <summary>
/// <c>models train</c>: learns a BPE from the training files (or continues from a model of its own, with that model's
/// vocabulary and weights), writes FIM training text, trains a dense qwen3 with
/// llama-finetune, upcycles it to qwen3moe and writes an F16 GGUF. Every intermediate file lives in a work folder
/// beside the output and the model appears at the output path only by a rename at the end, so an interrupted run
/// leaves no half-written model.
/// </summary>
public sealed class ModelTrainer(LlamaFinetune finetune, TrainingModelShape shape)
{
    /// <param name="TrainingChars">Most characters of training text (whole files in seeded order); 0 for the whole training part.</param>
    /// <param name="WorkFolder">Where the intermediate files go; null for a temporary folder removed at the end.</param>
    /// <param name="InitModel">A qwen3moe or dense qwen3 GGUF that training wrote, to continue from; null for fresh weights and a new BPE.</param>
    /// <param name="FimRate">The share of chunks that become FIM samples.</param>
    /// <param name="FimOrder">The FIM samples' layout, which the model then declares to the server.</param>
    public sealed record Options(string Corpus, string Output, int VocabularySize, int Epochs, double LearningRate, int Threads, int Seed,
        long TrainingChars = 0, string? WorkFolder = null, string? InitModel = null, double FimRate = FimSampleWriter.DefaultFimRate,
        FimOrder FimOrder = FimOrder.Spm)
    {
        /// <summary>Rejects options that would fail only after minutes of BPE learning and sample writing.</summary>
        public void Validate()
        {
            if (FimRate is < 0 or > 1 || double.IsNaN(FimRate))
                throw new TrainingInputException($"--fim-rate {FimRate} is not between 0 and 1");
            if (FimOrder == FimOrder.Auto)
                throw new TrainingInputException("--fim-order must be psm or spm: the samples are written in one order");
            if (InitModel is not null && !File.Exists(InitModel))
                throw new TrainingInputException($"--init {InitModel} does not exist");
            if (InitModel is not null && Path.GetFullPath(InitModel) == Path.GetFullPath(Output))
                throw new TrainingInputException($"--init and --out are the same file; the output replaces its input only at the end, write it elsewhere");
        }
    }

    /// <summary>Held-out text is capped at a tenth of the training text: validation runs every epoch and costs forward passes.</summary>
    private const int ValidationShare = 10;

    private const int CurvePointWindows = 50;

    public async Task<TrainingReport> TrainAsync(Options options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        options.Validate();
        // Made now: a missing folder found only when the results are copied out would cost the whole run.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        var split = CorpusSplit.Of(options.Corpus);
        var watch = Stopwatch.StartNew();
        var work = options.WorkFolder ?? Directory.CreateTempSubdirectory("codeassist-train-").FullName;
        Directory.CreateDirectory(work);
        try
        {
            progress.Report($"corpus: {split.Training.Count} training files, {split.HeldOut.Count} held out");
            var initial = Path.Combine(work, "init.gguf");
            var vocabulary = InitialModel(options, split, initial);
            progress.Report($"{(options.InitModel is null ? "BPE" : $"continuing from {options.InitModel}")}: {vocabulary.Count} tokens ({vocabulary.Merges.Count} merges) in {watch.Elapsed.TotalSeconds:F0} s");
            cancellationToken.ThrowIfCancellationRequested();

            var random = new Random(options.Seed);
            var samples = new FimSampleWriter(random, options.FimRate, options.FimOrder);
            var training = Samples(samples, split, split.Training, options.TrainingChars, random);
            var trainingChars = training.Sum(s => (long)s.Length);
            var heldOut = Samples(samples, split, split.HeldOut, trainingChars / ValidationShare, random);
            var text = string.Concat(training.Concat(heldOut));
            var textFile = Path.Combine(work, "train.txt");
            await File.WriteAllTextAsync(textFile, text, cancellationToken);

            var dense = Path.Combine(work, "dense.gguf");
            var curve = new CurveRecorder(shape.Context);
            var settings = new LlamaFinetune.Settings(shape.Context, options.Threads, options.Epochs, options.LearningRate,
                options.LearningRate / 10, ValidationFraction: (double)(text.Length - trainingChars) / text.Length);
            var lastReport = Stopwatch.StartNew();
            var onProgress = new SynchronousProgress<FinetuneProgress>(p =>
            {
                curve.Add(p);
                if (lastReport.Elapsed.TotalSeconds < 30 && !p.Validation)
                    return;
                lastReport.Restart();
                progress.Report($"{(p.Validation ? "val" : "train")} epoch {p.Epoch + 1}/{options.Epochs} window {p.Window}/{p.Windows} loss {p.MeanLoss:F3} acc {p.MeanAccuracy:P1}");
            });
            var logPath = Path.Combine(work, "finetune.log");
            var reusedTraining = TimeSpan.Zero;
            if (File.Exists(dense) && File.Exists(logPath))
            {
                // a finished llama-finetune run of the same work folder, e.g. one run on a bigger machine: reuse it, and
                // count its time (the last elapsed time of each epoch's training and validation) in the report's wall time
                progress.Report($"reusing {dense} and its log");
                var phases = new Dictionary<(int Epoch, bool Validation), TimeSpan>();
                LlamaFinetune.Replay(File.ReadLines(logPath), new SynchronousProgress<FinetuneProgress>(p =>
                {
                    onProgress.Report(p);
                    phases[(p.Epoch, p.Validation)] = p.Elapsed;
                }));
                reusedTraining = phases.Values.Aggregate(TimeSpan.Zero, (sum, phase) => sum + phase);
            }
            else
            {
                await using var log = new StreamWriter(logPath);
                progress.Report($"training: {LlamaFinetune.ExecutableName}, {options.Epochs} epoch(s) at lr {options.LearningRate}");
                await finetune.RunAsync(initial, textFile, dense, settings, onProgress, log, cancellationToken);
            }
            File.Copy(logPath, Path.ChangeExtension(options.Output, ".training.log"), overwrite: true);

            var report = new TrainingReport(split.Root, split.Training.Count, split.HeldOut.Count, vocabulary.Count,
                ParameterCount(initial), samples.FimSamples, samples.PlainChunks, options.Epochs, curve.StepsPerEpoch,
                curve.TokensSeen, (watch.Elapsed + reusedTraining).TotalSeconds, curve.LastValidation.Loss, curve.LastValidation.Accuracy, curve.Points);
            var partial = Path.Combine(work, "model.gguf");
            MoeUpcycler.Upcycle(dense, shape, vocabulary, Metadata(report, options)).Write(partial);
            File.Move(partial, options.Output, overwrite: true);
            return report;
        }
        finally
        {
            if (options.WorkFolder is null)
                Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Writes the weights training starts from to <paramref name="path"/>: the init model turned back into a dense
    /// qwen3 (its vocabulary stays: the trainer never updates token_embd, so relearning the BPE would scramble it), or
    /// fresh weights for a BPE learned from the training files.
    /// </summary>
    private BpeVocabulary InitialModel(Options options, CorpusSplit split, string path)
    {
        if (options.InitModel is { } init)
        {
            var (dense, own) = MoeUpcycler.Downcycle(init, shape);
            dense.Write(path);
            return own;
        }
        var vocabulary = BpeVocabulary.Learn(split.Training.Select(split.ReadText), options.VocabularySize);
        shape.BuildDense(vocabulary).Write(path);
        return vocabulary;
    }

    /// <summary>
    /// The samples of whole files in seeded order until <paramref name="chars"/> (0: all), shuffled. llama_opt_epoch
    /// steps through the windows in text order (llama_context::opt_epoch never shuffles, unlike ggml_opt_epoch), one
    /// 512-token window per AdamW step; in file order ~16 consecutive steps saw one file and the model chased the current
    /// file (at lr 1e-4 the per-window loss fell to 5.45, jumped to 7.9 within 8 windows of the next files, and held-out loss
    /// ended at 8.28 after 247 windows; 5.44 with shuffled samples). Shuffled ~1,200-character
    /// samples make neighbouring windows come from different files.
    /// </summary>
    private static List<string> Samples(FimSampleWriter writer, CorpusSplit split, IEnumerable<string> files, long chars, Random random)
    {
        var samples = new List<string>();
        long total = 0;
        foreach (var file in files.OrderBy(_ => random.Next()).ToArray())
        {
            if (chars > 0 && total >= chars)
                break;
            foreach (var sample in writer.Samples(file, split.ReadText(file)))
            {
                samples.Add(sample);
                total += sample.Length;
            }
        }
        random.Shuffle(CollectionsMarshal.AsSpan(samples));
        return samples;
    }

    private static long ParameterCount(string path) => GgufReader.Open(path).Tensors.Sum(t => t.ElementCount);

    private static Dictionary<string, GgufMetadataValue> Metadata(TrainingReport report, Options options) => new()
    {
        ["codeassist.training.tokens_seen"] = GgufMetadataValue.Of((ulong)report.TokensSeen),
        ["codeassist.training.epochs"] = GgufMetadataValue.Of((uint)report.Epochs),
        ["codeassist.training.seed"] = GgufMetadataValue.Of(options.Seed),
        ["codeassist.training.fim_rate"] = GgufMetadataValue.Of((float)options.FimRate),
        [FimOrders.MetadataKey] = GgufMetadataValue.Of(options.FimOrder.Word()),
        ["codeassist.training.validation_loss"] = GgufMetadataValue.Of((float)report.ValidationLoss),
        ["codeassist.training.validation_accuracy"] = GgufMetadataValue.Of((float)report.ValidationAccuracy),
    };

    /// <summary>Turns llama-finetune's running means into per-interval training losses and per-epoch validation losses.</summary>
    private sealed class CurveRecorder(int context)
    {
        private readonly List<LossPoint> _points = [];
        private int _epoch = -1, _windowsBefore, _lastWindow;
        private double _sumAtPoint, _lastSum, _lastAccuracySum, _accuracyAtPoint;
        private int _windowAtPoint;

        public IReadOnlyList<LossPoint> Points => _points;

        public int StepsPerEpoch { get; private set; }

        public long TokensSeen => (long)(_windowsBefore + _lastWindow) * context;

        public LossPoint LastValidation { get; private set; } = new(true, 0, double.NaN, double.NaN);

        public void Add(FinetuneProgress p)
        {
            if (p.Validation)
            {
                if (p.Window == p.Windows)
                    _points.Add(LastValidation = new LossPoint(true, _windowsBefore + _lastWindow, p.MeanLoss, p.MeanAccuracy));
                return;
            }
            if (p.Epoch != _epoch)
            {
                _windowsBefore += _lastWindow;
                (_epoch, _lastWindow, _windowAtPoint, _sumAtPoint, _accuracyAtPoint) = (p.Epoch, 0, 0, 0, 0);
            }
            StepsPerEpoch = p.Windows;
            _lastWindow = p.Window;
            _lastSum = p.MeanLoss * p.Window;
            _lastAccuracySum = p.MeanAccuracy * p.Window;
            if (p.Window - _windowAtPoint < CurvePointWindows && p.Window != p.Windows)
                return;
            var count = p.Window - _windowAtPoint;
            _points.Add(new LossPoint(false, _windowsBefore + p.Window, (_lastSum - _sumAtPoint) / count, (_lastAccuracySum - _accuracyAtPoint) / count));
            (_windowAtPoint, _sumAtPoint, _accuracyAtPoint) = (p.Window, _lastSum, _lastAccuracySum);
        }
    }
}

