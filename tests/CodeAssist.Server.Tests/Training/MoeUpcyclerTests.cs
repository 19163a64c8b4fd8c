using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Models;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

public sealed class MoeUpcyclerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("codeassist-upcycle-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_upcycled_qwen3moe_computes_what_the_dense_qwen3_computes()
    {
        var vocabulary = BpeVocabulary.Learn(["public static void Main() { return; }\n"], 320);
        var shape = new TrainingModelShape(Embedding: 256, Layers: 2, FeedForward: 256);
        var dense = Path.Combine(_directory, "dense.gguf");
        shape.BuildDense(vocabulary).Write(dense);
        var moe = Path.Combine(_directory, "moe.gguf");
        MoeUpcycler.Upcycle(dense, shape, vocabulary, new Dictionary<string, GgufMetadataValue>()).Write(moe);
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
        var path = Path.Combine(_directory, "moe.gguf");
        var shape = new TrainingModelShape(Embedding: 256, Layers: 1, FeedForward: 256);
        var dense = Path.Combine(_directory, "dense.gguf");
        shape.BuildDense(vocabulary).Write(dense);
        MoeUpcycler.Upcycle(dense, shape, vocabulary, new Dictionary<string, GgufMetadataValue>()).Write(path);

        var error = Assert.Throws<TrainingInputException>(() => MoeUpcycler.Upcycle(path, shape, vocabulary, new Dictionary<string, GgufMetadataValue>()));

        Assert.Contains("not the dense qwen3", error.Message);
    }
}
