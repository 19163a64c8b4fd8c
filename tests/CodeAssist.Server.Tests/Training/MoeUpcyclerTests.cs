using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Models;
using CodeAssist.Server.Training;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Training;

public sealed class MoeUpcyclerTests : IDisposable
{
    private static readonly TrainingModelShape TwoLayers = new(Embedding: 256, Layers: 2, FeedForward: 256);

    private readonly TempDirectory _directory = new("upcycle");

    public void Dispose() => _directory.Dispose();

    /// <summary>A fresh dense qwen3 of <paramref name="shape"/> and its upcycled qwen3moe, written as dense.gguf and moe.gguf.</summary>
    private (string Dense, string Moe) DenseAndUpcycled(BpeVocabulary vocabulary, TrainingModelShape shape)
    {
        var dense = _directory.File("dense.gguf");
        shape.BuildDense(vocabulary).Write(dense);
        var moe = _directory.File("moe.gguf");
        MoeUpcycler.Upcycle(dense, shape, vocabulary, new Dictionary<string, GgufMetadataValue>()).Write(moe);
        return (dense, moe);
    }

    [Fact]
    public void The_upcycled_qwen3moe_computes_what_the_dense_qwen3_computes()
    {
        var vocabulary = BpeVocabulary.Learn(["public static void Main() { return; }\n"], 320);
        var (dense, moe) = DenseAndUpcycled(vocabulary, TwoLayers);
        int[] tokens = [5, 77, 200, 31, 250, 9, 120];

        var expected = TinyInference.LastLogits(dense, tokens);
        var actual = TinyInference.LastLogits(moe, tokens);

        Assert.Equal("qwen3moe", GgufReader.Open(moe).Architecture);
        Assert.Contains(GgufReader.Open(moe).Tensors, t => t.Name == "blk.1.ffn_down_exps.weight" && t.Dimensions.SequenceEqual([256L, 256, 4]));
        // F16 rounding of the weights is the only difference from the dense F32 model
        var scale = expected.Max(MathF.Abs);
        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst < 0.01f * scale, $"largest logit difference {worst} of {scale}");
        Assert.Equal(Array.IndexOf(expected, expected.Max()), Array.IndexOf(actual, actual.Max()));
    }

    /// <summary>
    /// llama.cpp's CPU matmul turns an F16 weight's input into F16, whose largest value is 65,504. The FFN's inner
    /// activations (silu(gate) · up, ffn_down's input) of a trained model can pass that (the second shipped run did:
    /// perplexity NaN in F16, 44.5 in Q8_0), so ffn_down stays F32; here gate and up are scaled until they do.
    /// </summary>
    [Fact]
    public void Inner_activations_beyond_the_F16_range_still_compute_what_the_dense_model_computes()
    {
        var vocabulary = BpeVocabulary.Learn(["public static void Main() { return; }\n"], 320);
        var dense = _directory.File("dense.gguf");
        TwoLayers.BuildDense(vocabulary).Write(dense);
        using (var file = new FileStream(dense, FileMode.Open, FileAccess.ReadWrite))
            foreach (var tensor in GgufReader.Open(dense).Tensors.Where(t => t.Name.EndsWith(".ffn_gate.weight") || t.Name.EndsWith(".ffn_up.weight")))
            {
                var values = MoeUpcycler.ReadValues(file, tensor).Select(v => v * 1000).ToArray();
                file.Position = tensor.FileOffset;
                file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            }
        var moe = _directory.File("moe.gguf");
        MoeUpcycler.Upcycle(dense, TwoLayers, vocabulary, new Dictionary<string, GgufMetadataValue>()).Write(moe);
        int[] tokens = [5, 77, 200, 31, 250, 9, 120];

        var expected = TinyInference.LastLogits(dense, tokens);
        var actual = TinyInference.LastLogits(moe, tokens);

        Assert.All(actual, value => Assert.True(float.IsFinite(value)));
        var scale = expected.Max(MathF.Abs);
        var worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        Assert.True(worst < 0.01f * scale, $"largest logit difference {worst} of {scale}");
    }

    [Fact]
    public void Only_a_dense_qwen3_is_upcycled()
    {
        var vocabulary = BpeVocabulary.Learn(["class A { }\n"], 300);
        var shape = new TrainingModelShape(Embedding: 256, Layers: 1, FeedForward: 256);
        var (_, path) = DenseAndUpcycled(vocabulary, shape);

        var error = Assert.Throws<TrainingInputException>(() => MoeUpcycler.Upcycle(path, shape, vocabulary, new Dictionary<string, GgufMetadataValue>()));

        Assert.Contains("not the dense qwen3", error.Message);
    }

    [Fact]
    public void Downcycling_the_upcycled_model_gives_back_the_dense_tensors_and_the_training_vocabulary()
    {
        var vocabulary = BpeVocabulary.Learn(["public static void Main() { return; }\n"], 320);
        var (dense, moe) = DenseAndUpcycled(vocabulary, TwoLayers);
        var back = _directory.File("back.gguf");

        var (writer, own) = MoeUpcycler.Downcycle(moe, TwoLayers);
        writer.Write(back);

        Assert.Equal(vocabulary.Merges, own.Merges);
        var (original, result) = (GgufReader.Open(dense), GgufReader.Open(back));
        Assert.Equal("qwen3", result.Architecture);
        Assert.Equal(original.GetArray("tokenizer.ggml.tokens"), result.GetArray("tokenizer.ggml.tokens"));
        Assert.Equal(original.Tensors.Select(t => (t.Name, t.Type, string.Join('x', t.Dimensions))),
            result.Tensors.Select(t => (t.Name, t.Type, string.Join('x', t.Dimensions))));
        using var originalStream = File.OpenRead(dense);
        using var resultStream = File.OpenRead(back);
        foreach (var (expected, actual) in original.Tensors.Zip(result.Tensors))
        {
            // matrices went through F16 once, norms and ffn_down stayed F32
            var exact = expected.Dimensions.Count == 1 || expected.Name.EndsWith(".ffn_down.weight");
            var rounded = MoeUpcycler.ReadValues(originalStream, expected).Select(v => exact ? v : (float)(Half)v);
            Assert.Equal(rounded, MoeUpcycler.ReadValues(resultStream, actual));
        }
    }

    [Fact]
    public void Downcycling_a_dense_model_keeps_it()
    {
        var vocabulary = BpeVocabulary.Learn(["class A { }\n"], 300);
        var shape = new TrainingModelShape(Embedding: 256, Layers: 1, FeedForward: 256);
        var dense = _directory.File("dense.gguf");
        shape.BuildDense(vocabulary).Write(dense);
        var back = _directory.File("back.gguf");

        MoeUpcycler.Downcycle(dense, shape).Dense.Write(back);

        Assert.Equal(File.ReadAllBytes(dense), File.ReadAllBytes(back));
    }

    [Fact]
    public void Only_a_model_of_the_training_shape_is_downcycled()
    {
        var vocabulary = BpeVocabulary.Learn(["class A { }\n"], 300);
        var dense = _directory.File("dense.gguf");
        new TrainingModelShape(Embedding: 256, Layers: 1, FeedForward: 256).BuildDense(vocabulary).Write(dense);

        var error = Assert.Throws<TrainingInputException>(() => MoeUpcycler.Downcycle(dense, new TrainingModelShape(Embedding: 256, Layers: 2, FeedForward: 256)));

        Assert.Contains("1 layers; training uses 256 and 2", error.Message);
    }
}
