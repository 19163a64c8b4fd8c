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
            // matrices went through F16 once, norms stayed F32
            var rounded = MoeUpcycler.ReadValues(originalStream, expected).Select(v => expected.Dimensions.Count == 1 ? v : (float)(Half)v);
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
