using CodeAssist.Server.Models;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

/// <summary>The initial weights llama-finetune starts from; their scales decide whether training generalises or diverges.</summary>
public sealed class TrainingModelShapeTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("codeassist-shape-").FullName, "init.gguf");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public void The_frozen_embedding_has_unit_scale_and_the_residual_projections_are_scaled_down_by_depth()
    {
        var shape = new TrainingModelShape(Embedding: 256, Layers: 4, FeedForward: 512);
        shape.BuildDense(BpeVocabulary.Learn(["public static void Main() { return; }\n"], 320)).Write(_path);
        var file = GgufReader.Open(_path);
        using var stream = File.OpenRead(_path);
        float[] Values(string name) => MoeUpcycler.ReadValues(stream, file.Tensors.Single(t => t.Name == name));
        double Std(string name) => Math.Sqrt(Values(name).Average(v => (double)v * v));
        // uniform in ±b has standard deviation b / sqrt 3
        double Uniform(double bound) => bound / Math.Sqrt(3);

        Assert.InRange(Std("token_embd.weight"), 0.97, 1.03); // llama-finetune never trains it: a fixed code as large as the normalised activations
        Assert.InRange(Std("blk.0.attn_q.weight"), 0.97 * Uniform(1 / 16.0), 1.03 * Uniform(1 / 16.0));
        Assert.InRange(Std("blk.3.attn_output.weight"), 0.97 * Uniform(1 / 16.0 / Math.Sqrt(8)), 1.03 * Uniform(1 / 16.0 / Math.Sqrt(8)));
        Assert.InRange(Std("blk.3.ffn_down.weight"), 0.97 * Uniform(1 / Math.Sqrt(512 * 8)), 1.03 * Uniform(1 / Math.Sqrt(512 * 8)));
        Assert.InRange(Std("output.weight"), 0.97 * Uniform(1 / 16.0), 1.03 * Uniform(1 / 16.0));
        Assert.All(file.Tensors.Where(t => t.Name.EndsWith("norm.weight", StringComparison.Ordinal)), t => Assert.All(Values(t.Name), v => Assert.Equal(1f, v)));
    }
}
